import Syntax
import TensorCore
import Autograd
