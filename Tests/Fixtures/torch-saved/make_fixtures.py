"""Writes the checkpoints in this folder with real PyTorch, and cases.txt: small tcalc scripts
that load them, each with the output real PyTorch prints for the same script.

    /path/to/python-with-torch make_fixtures.py

The scripts are plain Python that both PyTorch and tcalc run; TorchSavedFilesTests runs them
through tcalc and compares with the recorded output byte for byte.
"""
import contextlib
import io
import os

import torch
from torch import nn

os.chdir(os.path.dirname(os.path.abspath(__file__)))
torch.manual_seed(0)

net = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
torch.save(net.state_dict(), "state_dict.pt")

base = torch.arange(12.0).reshape(3, 4)
torch.save({"base": base, "row": base[1], "col": base[:, 2], "t": base.T}, "views.pt")

torch.save([
    torch.tensor([True, False]),
    torch.tensor([0, 200], dtype=torch.uint8),
    torch.tensor([-5, 7], dtype=torch.int8),
    torch.tensor([-300, 300], dtype=torch.int16),
    torch.tensor([-70000, 70000], dtype=torch.int32),
    torch.tensor([-2**40, 2**40]),
    torch.tensor([0.1, -2.5]),
    torch.tensor([0.1, -2.5], dtype=torch.float64),
    torch.tensor([1 + 2j, -0.5j]),
    torch.tensor([1 + 2j, -0.5j], dtype=torch.complex128),
    torch.tensor([0.1, 65504.0, -1e-7], dtype=torch.float16),
    torch.tensor([0.1, 3e38], dtype=torch.bfloat16),
], "dtypes.pt")

# Dtypes tcalc lacks, written with _rebuild_tensor_v3 over untyped storages: they widen.
torch.save([
    torch.tensor([0, 65535], dtype=torch.uint16),
    torch.tensor([4000000000, 1], dtype=torch.uint32),
    torch.tensor([2**63 - 1, 0], dtype=torch.uint64),
], "unsigned.pt")

torch.save({
    "epoch": 3, "lr": 0.1, "name": "run-1", "history": [1.0, 0.5, 0.25], "none": None,
    "flags": (True, False), "big": 2**70, "neg": -2**63, "shape": torch.Size([2, 3]),
    "nested": {"a": [1, (2, 3)], "b": {}}, "param": nn.Parameter(torch.ones(2)),
    "grad": torch.zeros(2, requires_grad=True),
}, "mixed.pt")

cases = {
    "state_dict": """
from torch import nn
sd = torch.load('state_dict.pt')
print(sd)
print(list(sd.keys()))
net = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
print(net.load_state_dict(sd))
print(net(torch.ones(1, 3)))
""",
    "views": """
d = torch.load('views.pt', weights_only=True)
print(d['row'], d['col'], d['col'].stride(), d['t'].stride(), d['col'].storage_offset())
d['row'][0] = 100.0
print(d['base'])
print(d['t'])
print(d['col'].data_ptr() == d['base'].data_ptr() + 2 * 4)
""",
    "dtypes": """
ts = torch.load('dtypes.pt')
for t in ts[:10]:
    print(t.dtype, t)
for t in ts[10:]:
    print(t.tolist())
""",
    "unsigned": """
for t in torch.load('unsigned.pt'):
    print(t.tolist())
""",
    "mixed": """
m = torch.load('mixed.pt', map_location='cpu')
for k in m:
    print(k, m[k])
print(m['param'].requires_grad, m['grad'].requires_grad, m['grad'].is_leaf)
""",
}

with open("cases.txt", "w") as out:
    out.write("# Scripts that load the checkpoints beside this file (written by make_fixtures.py with\n")
    out.write(f"# PyTorch {torch.__version__.split('+')[0]}), each followed by what PyTorch prints for it.\n")
    for name, script in cases.items():
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec("import torch\n" + script, {})
        out.write(f"### {name}\nimport torch\n{script.strip()}\n--- expect\n{buffer.getvalue()}\n")
