"""Golden log-probabilities for dev.nabla.nn.GaussianMixtureGoldenTest, from torch.distributions in float64.

Run:   /usr/bin/python3 nabla-core/src/test/resources/golden/mixtures.py > nabla-core/src/test/resources/golden/mixtures.json
(Debian's python3-torch.) For each case: random mixture parameters and targets (seeded, so the file is the
same on every run), torch's log_prob per sample, and the gradient of the mean negative log-likelihood with
respect to every parameter and the target. Diagonal mixtures are
MixtureSameFamily(Categorical(logits), Independent(Normal(loc, scale), 1)); full ones use
MultivariateNormal(loc, scale_tril=L). The "far" cases put the targets tens of standard deviations away,
where a sum of exponentials underflows to log(0) and only a log-sum-exp survives.
"""
import json
import torch
from torch.distributions import Categorical, Independent, MixtureSameFamily, MultivariateNormal, Normal

torch.set_default_dtype(torch.float64)
torch.manual_seed(20240615)


def case(name, n, k, d, covariance, far=1.0):
    logits = (torch.randn(n, k) * 2).requires_grad_()
    means = (torch.randn(n, k, d) * 1.5).requires_grad_()
    if covariance == "diagonal":
        scales = torch.exp(torch.randn(n, k, d) * 0.5).requires_grad_()
        component = Independent(Normal(means, scales), 1)
    else:
        raw = torch.randn(n, k, d, d) * 0.5
        diag = torch.exp(torch.randn(n, k, d) * 0.3)
        tril = torch.tril(raw, diagonal=-1) + torch.diag_embed(diag)
        scales = tril.requires_grad_()
        component = MultivariateNormal(means, scale_tril=scales)
    y = (torch.randn(n, d) * 2 * far).requires_grad_()
    mixture = MixtureSameFamily(Categorical(logits=logits), component)
    log_prob = mixture.log_prob(y)
    (-log_prob.mean()).backward()
    flat = lambda t: [float(v) for v in t.detach().flatten().tolist()]
    return {"name": name, "n": n, "k": k, "d": d, "covariance": covariance,
            "logits": flat(logits), "means": flat(means), "scales": flat(scales), "y": flat(y),
            "log_prob": flat(log_prob),
            "grad_logits": flat(logits.grad), "grad_means": flat(means.grad), "grad_scales": flat(scales.grad),
            "grad_y": flat(y.grad)}


cases = [
    case("one normal", 5, 1, 1, "diagonal"),
    case("3 components, 1 output", 6, 3, 1, "diagonal"),
    case("4 components, 2 outputs", 6, 4, 2, "diagonal"),
    case("3 components, 3 outputs", 5, 3, 3, "diagonal"),
    case("far targets, diagonal", 4, 3, 2, "diagonal", far=30.0),
    case("full, 2 components, 2 outputs", 6, 2, 2, "full"),
    case("full, 3 components, 3 outputs", 5, 3, 3, "full"),
    case("full, 2 components, 4 outputs", 4, 2, 4, "full"),
    case("far targets, full", 4, 3, 2, "full", far=30.0),
]
print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
