"""How fast the simulations' numpy code is, next to scipy and single-threaded PyTorch.

Run from the repository root: ``python benchmarks/bench_simulations.py``. It prints figures and ratios;
the targets (issue 3) are in the headings: conv2d on a 256×256 image with a 3×3 kernel no slower than
``scipy.signal.correlate2d`` and within 1.5× of single-threaded ``torch.nn.functional.conv2d``; pooling
vectorized likewise; every view at its defaults under 5 ms.
"""

from __future__ import annotations

import os

# numpy's BLAS (the matrix product inside conv_layer) gets one thread, as torch does below: a fair
# comparison, and what Pyodide has. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import importlib  # noqa: E402
import pkgutil  # noqa: E402
import sys  # noqa: E402
import timeit  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.signal  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import simulations  # noqa: E402
from simulations.channels import conv_layer  # noqa: E402
from simulations.conv2d import conv2d  # noqa: E402
from simulations.digits import Trainer, batches_per_epoch  # noqa: E402
from simulations.pooling import pool2d  # noqa: E402


def best_ms(call, budget: float = 0.3) -> float:
    """The fastest of several timed runs, in milliseconds per call."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    number = max(1, int(number * budget / 0.2))
    return min(timer.repeat(repeat=5, number=number)) / number * 1e3


def row(label: str, ms: float, ours: float | None = None) -> None:
    """One timing; for a reference implementation, also its time divided by ours (above 1: ours is faster)."""
    ratio = f"{ms / ours:6.2f}× ours" if ours else ""
    print(f"  {label:<48} {ms:8.3f} ms  {ratio}")


def bench_conv2d() -> None:
    rng = np.random.default_rng(0)
    image, kernel = rng.standard_normal((256, 256)), rng.standard_normal((3, 3))
    timg, tker = torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None]
    print("conv2d, 256×256 image, 3×3 kernel (target: ≤ scipy, aim ≤ 1.5× torch at one thread)")
    ours = best_ms(lambda: conv2d(image, kernel))
    torch64 = best_ms(lambda: F.conv2d(timg, tker))
    row("simulations.conv2d, float64", ours)
    row("scipy.signal.correlate2d(mode='valid'), float64", best_ms(
        lambda: scipy.signal.correlate2d(image, kernel, mode="valid")), ours)
    row("torch conv2d, float64, 1 thread", torch64, ours)
    print(f"  simulations / torch (float64): {ours / torch64:.2f} (target ≤ 1.5)")
    image32, kernel32 = image.astype(np.float32), kernel.astype(np.float32)
    timg32, tker32 = timg.float(), tker.float()
    ours32 = best_ms(lambda: conv2d(image32, kernel32))
    row("simulations.conv2d, float32", ours32)
    row("torch conv2d, float32, 1 thread", best_ms(lambda: F.conv2d(timg32, tker32)), ours32)
    color, color_kernel = rng.standard_normal((3, 256, 256)), rng.standard_normal((3, 3, 3))
    tcolor, tcolor_kernel = torch.from_numpy(color)[None], torch.from_numpy(color_kernel)[None]
    print("conv2d, 3×256×256 image, 3×3×3 kernel")
    ours = best_ms(lambda: conv2d(color, color_kernel))
    row("simulations.conv2d, float64", ours)
    row("torch conv2d, float64, 1 thread", best_ms(lambda: F.conv2d(tcolor, tcolor_kernel)), ours)


def bench_pooling() -> None:
    x = np.random.default_rng(1).standard_normal((16, 256, 256))
    tx = torch.from_numpy(x)[None]
    print("pooling, 16×256×256, float64")
    for mode, torch_pool in (("max", F.max_pool2d), ("avg", F.avg_pool2d)):
        ours = best_ms(lambda: pool2d(x, 2, mode=mode))
        row(f"simulations.pool2d 2×2 {mode}", ours)
        row(f"torch {mode}_pool2d 2×2, 1 thread", best_ms(lambda: torch_pool(tx, 2)), ours)
        ours = best_ms(lambda: pool2d(x, 3, 1, mode=mode))
        row(f"simulations.pool2d 3×3 stride 1 {mode}", ours)
        row(f"torch {mode}_pool2d 3×3 stride 1, 1 thread", best_ms(lambda: torch_pool(tx, 3, 1)), ours)


def bench_conv_layer() -> None:
    rng = np.random.default_rng(2)
    x, weights, bias = rng.standard_normal((3, 64, 64)), rng.standard_normal((8, 3, 3, 3)), rng.standard_normal(8)
    tx, tw, tb = torch.from_numpy(x)[None], torch.from_numpy(weights), torch.from_numpy(bias)
    print("conv_layer, 3×64×64 input, eight 3×3 filters, float64 (target: ≤ 2× torch at one thread)")
    ours = best_ms(lambda: conv_layer(x, weights, bias, padding=1))
    torch64 = best_ms(lambda: F.conv2d(tx, tw, tb, padding=1))
    row("simulations.channels.conv_layer", ours)
    row("torch conv2d, 1 thread", torch64, ours)
    print(f"  conv_layer / torch: {ours / torch64:.2f} (target ≤ 2)")


def bench_training() -> None:
    print(f"digits ConvNet, one epoch ({batches_per_epoch()} batches) in CPython "
          "(the Pyodide figure is in bench_page.py)")
    trainer = Trainer()
    row("simulations.digits, one epoch", best_ms(lambda: trainer.train_batches(batches_per_epoch()), 1.0))


def bench_views() -> None:
    print("every view at its defaults (target: < 5 ms)")
    names = sorted(info.name for info in pkgutil.iter_modules(simulations.__path__)
                   if not info.name.startswith("_"))
    for name in names:
        module = importlib.import_module(f"simulations.{name}")
        ms = best_ms(module.view, budget=0.1)
        print(f"  {name:<18} {ms:7.3f} ms  {'ok' if ms < 5 else 'OVER 5 ms'}")


def main() -> None:
    torch.set_num_threads(1)
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, torch {torch.__version__} "
          f"({torch.get_num_threads()} thread), Python {sys.version.split()[0]}")
    bench_conv2d()
    bench_pooling()
    bench_conv_layer()
    bench_training()
    bench_views()


if __name__ == "__main__":
    main()
