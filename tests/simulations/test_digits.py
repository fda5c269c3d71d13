import numpy as np
import pytest
import torch
import torch.nn.functional as F

from simulations import digits as net


def torch_loss(params, x, labels):
    """The same network in torch, built from the same arrays."""
    tensors = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
    maps = F.relu(F.conv2d(torch.tensor(x), tensors["conv_w"], tensors["conv_b"], padding=1))
    pooled = F.max_pool2d(maps, 2).reshape(len(x), -1)
    logits = pooled @ tensors["fc_w"].T + tensors["fc_b"]
    return F.cross_entropy(logits, torch.tensor(labels)), logits, tensors


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_and_full_backward_match_torch_autograd(seed):
    params = net.init(seed)
    rng = np.random.default_rng(seed)
    params = {name: value + rng.normal(0, 0.1, value.shape) for name, value in params.items()}
    train_x, train_y = net.split()[:2]
    x, labels = train_x[:40], train_y[:40]
    cache = net.forward(params, x)
    expected_loss, logits, tensors = torch_loss(params, x, labels)
    expected_loss.backward()
    np.testing.assert_allclose(cache["logits"], logits.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert net.loss(cache["probs"], labels) == pytest.approx(expected_loss.item(), rel=1e-10)
    grads = net.gradients(params, cache, labels)
    for name in net.PARAM_NAMES:
        np.testing.assert_allclose(grads[name], tensors[name].grad.numpy(), rtol=1e-9, atol=1e-12)


def test_network_gradient_agrees_with_finite_differences():
    # nonzero biases, so no pre-activation sits exactly on ReLU's kink (blank pixels times any weight are 0)
    params = {name: value + 0.05 for name, value in net.init(5).items()}
    x, labels = net.split()[0][:8], net.split()[1][:8]
    grads = net.gradients(params, net.forward(params, x), labels)
    eps = 1e-6
    for name, index in (("conv_w", (3, 0, 1, 2)), ("conv_b", (6,)), ("fc_w", (4, 77)), ("fc_b", (9,))):
        up = {k: v.copy() for k, v in params.items()}
        down = {k: v.copy() for k, v in params.items()}
        up[name][index] += eps
        down[name][index] -= eps
        numeric = (net.loss(net.forward(up, x)["probs"], labels)
                   - net.loss(net.forward(down, x)["probs"], labels)) / (2 * eps)
        assert numeric == pytest.approx(grads[name][index], abs=1e-7)


def test_the_data_are_the_1797_uci_digits_with_a_held_out_fifth():
    train_x, train_y, test_x, test_y = net.split()
    assert train_x.shape == (1437, 1, 8, 8) and test_x.shape == (360, 1, 8, 8)
    assert 0 <= train_x.min() and train_x.max() == 1
    assert np.bincount(np.concatenate([train_y, test_y])).tolist() == [178, 182, 177, 183, 181, 182, 181,
                                                                       179, 174, 180]


def test_training_is_deterministic_for_a_seed():
    first, second, other = net.Trainer(3), net.Trainer(3), net.Trainer(4)
    for trainer in (first, second, other):
        trainer.train_batches(20)
    assert first.losses == second.losses and first.losses != other.losses
    np.testing.assert_array_equal(first.params["conv_w"], second.params["conv_w"])


def test_training_reaches_90_percent_held_out_within_the_stated_epochs():
    assert net.held_out_accuracy(net.EPOCHS_CLAIMED) >= 0.90
    trainer = net.Trainer()
    trainer.train_epochs(1)
    early = np.mean(trainer.losses[:5])
    assert np.mean(trainer.losses[-5:]) < 0.5 * early
