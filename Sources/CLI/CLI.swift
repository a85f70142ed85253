import Lang
import CReadline
