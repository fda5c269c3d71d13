import numpy as np
import pytest
import torch
import torch.nn.functional as F

from png_reader import pixels
from simulations import kernels as sim
from simulations._sample_image import SIZE, astronaut
from simulations.kernels import KERNELS


def test_the_chapters_kernels_are_exact():
    assert KERNELS["edge"].tolist() == [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]
    np.testing.assert_array_equal(KERNELS["blur"], np.ones((3, 3)) / 9)
    assert KERNELS["sharpen"].tolist() == [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]


def test_every_named_kernel_is_3x3_and_read_only():
    for name, kernel in KERNELS.items():
        assert kernel.shape == (3, 3), name
        with pytest.raises(ValueError):
            kernel[0, 0] = 1


def test_the_sample_photograph_is_a_real_grayscale_image():
    photo = astronaut()
    assert photo.shape == (SIZE, SIZE) and photo.dtype == np.uint8
    assert photo.min() < 30 and photo.max() > 220 and len(np.unique(photo)) > 150
    assert not photo.flags.writeable


def torch_feature_map(kernel):
    photo = torch.tensor(astronaut().astype(float))[None, None]
    return F.conv2d(photo, torch.tensor(np.asarray(kernel, float))[None, None])[0, 0].numpy()


@pytest.mark.parametrize("name", list(KERNELS))
def test_view_reports_the_feature_map_torch_computes(name):
    state = sim.view(kernel=name)
    expected = torch_feature_map(KERNELS[name])
    low, high = (f"{value:.1f}".rstrip("0").rstrip(".").replace("-", "−")
                 for value in (expected.min(), expected.max()))
    assert state["readout"] == f"Kernel: {sim.KERNEL_LABELS[name]} · Output: 126×126 · Range: {low} to {high}"
    panels = {panel["id"]: panel for panel in state["panels"]}
    shown = pixels(panels["output"])
    inner = shown[1:-1, 1:-1]
    assert inner.shape == expected.shape and inner.min() >= 0 and inner.max() <= 1
    np.testing.assert_allclose(inner, np.floor(np.clip(sim.shown_map(KERNELS[name])[0], 0, 1) * 255 + 0.5) / 255)


def test_feature_map_and_photograph_are_drawn_at_the_same_scale_and_aligned():
    panels = {panel["id"]: panel for panel in sim.view()["panels"]}
    assert (panels["output"]["width"], panels["output"]["height"]) == (SIZE, SIZE)
    assert (panels["input"]["width"], panels["input"]["height"]) == (SIZE, SIZE)
    frame = np.isnan(pixels(panels["output"]))
    assert frame[0].all() and frame[-1].all() and frame[:, 0].all() and frame[:, -1].all()
    assert not frame[1:-1, 1:-1].any(), "only the border the kernel cannot reach is transparent"
    assert [panel["id"] for panel in sim.view()["panels"]][:2] == ["input", "output"], "side by side"


def test_zero_sum_kernels_show_zero_as_mid_gray():
    flat = np.flatnonzero(torch_feature_map(KERNELS["edge"]).ravel() == 0)
    assert flat.size > 0
    shown = pixels({p["id"]: p for p in sim.view()["panels"]}["output"])[1:-1, 1:-1].ravel()
    assert np.all(shown[flat] == 128 / 255)


def test_identity_kernel_shows_the_photograph_itself():
    panels = {panel["id"]: panel for panel in sim.view(kernel="identity")["panels"]}
    np.testing.assert_array_equal(pixels(panels["output"])[1:-1, 1:-1], astronaut()[1:-1, 1:-1] / 255)
    np.testing.assert_array_equal(pixels(panels["input"]), astronaut() / 255)


def test_a_typed_kernel_is_used_when_your_own_is_chosen():
    state = sim.view(kernel="custom", custom="1 1 1; 1 1 1; 1 1 1")
    expected = torch_feature_map(np.ones((3, 3)))
    assert state["readout"].endswith(f"Range: {expected.min():.0f} to {expected.max():.0f}")
    panels = {panel["id"]: panel for panel in state["panels"]}
    assert panels["kernel"]["values"] == [[1, 1, 1]] * 3
    np.testing.assert_allclose(pixels(panels["output"])[1:-1, 1:-1], np.clip(expected / (255 * 9), 0, 1),
                               atol=0.5 / 255 + 1e-9)


def test_an_all_zero_kernel_is_shown_as_flat_gray():
    state = sim.view(kernel="custom", custom="0 0 0; 0 0 0; 0 0 0")
    panels = {panel["id"]: panel for panel in state["panels"]}
    assert np.all(pixels(panels["output"])[1:-1, 1:-1] == 128 / 255)
    assert state["notes"][0] == "Every response is 0, shown gray."


def test_the_photographs_source_is_credited():
    assert "NASA (public domain)" in sim.view()["notes"][-1]
