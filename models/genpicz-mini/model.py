"""The genpicz-mini networks: a word-level text encoder and a small conditional pixel-space UNet.

Both are written with plain tensor ops (no nn.Transformer fast paths) so torch.jit.trace
records ops that libtorch 2.x loads unchanged.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    """Multi-head attention of queries x [B,N,C] over context [B,M,Cc], with an optional additive key bias."""

    def __init__(self, dim, context_dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(context_dim, dim, bias=False)
        self.v = nn.Linear(context_dim, dim, bias=False)
        self.out = nn.Linear(dim, dim)

    def forward(self, x, context, key_bias=None):
        b, n, c = x.shape
        h = self.heads
        q = self.q(x).reshape(b, n, h, c // h).transpose(1, 2)
        k = self.k(context).reshape(b, -1, h, c // h).transpose(1, 2)
        v = self.v(context).reshape(b, -1, h, c // h).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(c // h))
        if key_bias is not None:
            scores = scores + key_bias[:, None, None, :]
        out = torch.matmul(scores.softmax(dim=-1), v)
        return self.out(out.transpose(1, 2).reshape(b, n, c))


class TextEncoder(nn.Module):
    """input_ids int64 [B,T] -> hidden states [B,T,D].

    A learned start slot is prepended inside the model so an all-padding (empty) caption is
    well defined. Real tokens return their contextual states; padding positions return the
    start slot's state, a summary of the whole caption (like CLIP's padding/EOS positions).
    """

    def __init__(self, vocab_size, max_len, dim=128, layers=2, heads=4, pad_id=0):
        super().__init__()
        self.pad_id = pad_id
        self.token = nn.Embedding(vocab_size, dim)
        self.position = nn.Parameter(torch.randn(1, max_len + 1, dim) * 0.02)
        self.start = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.norms1 = nn.ModuleList([nn.LayerNorm(dim) for _ in range(layers)])
        self.attns = nn.ModuleList([Attention(dim, dim, heads) for _ in range(layers)])
        self.norms2 = nn.ModuleList([nn.LayerNorm(dim) for _ in range(layers)])
        self.mlps = nn.ModuleList([nn.Sequential(nn.Linear(dim, dim * 2), nn.GELU(), nn.Linear(dim * 2, dim))
                                   for _ in range(layers)])
        self.final = nn.LayerNorm(dim)

    def forward(self, input_ids):
        b, t = input_ids.shape
        is_pad = input_ids == self.pad_id
        x = torch.cat([self.start.expand(b, -1, -1), self.token(input_ids)], dim=1)
        x = x + self.position[:, : t + 1]
        key_pad = torch.cat([torch.zeros_like(is_pad[:, :1]), is_pad], dim=1)
        key_bias = key_pad.float() * -1e4
        for n1, attn, n2, mlp in zip(self.norms1, self.attns, self.norms2, self.mlps):
            h = n1(x)
            x = x + attn(h, h, key_bias)
            x = x + mlp(n2(x))
        x = self.final(x)
        summary, tokens = x[:, :1], x[:, 1:]
        return torch.where(is_pad[..., None], summary.expand_as(tokens), tokens)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb_dim, groups=8):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.emb = nn.Linear(emb_dim, cout * 2)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.emb(F.silu(emb))[:, :, None, None].chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(F.silu(h))
        return h + self.skip(x)


class SpatialTransformer(nn.Module):
    """Self-attention over the feature map, then cross-attention to the caption."""

    def __init__(self, channels, text_dim, heads=4, groups=8):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels)
        self.ln1 = nn.LayerNorm(channels)
        self.self_attn = Attention(channels, channels, heads)
        self.ln2 = nn.LayerNorm(channels)
        self.cross_attn = Attention(channels, text_dim, heads)
        self.ln3 = nn.LayerNorm(channels)
        self.mlp = nn.Sequential(nn.Linear(channels, channels * 2), nn.GELU(), nn.Linear(channels * 2, channels))

    def forward(self, x, text):
        b, c, h, w = x.shape
        t = self.norm(x).flatten(2).transpose(1, 2)
        y = self.ln1(t)
        t = t + self.self_attn(y, y)
        t = t + self.cross_attn(self.ln2(t), text)
        t = t + self.mlp(self.ln3(t))
        return x + t.transpose(1, 2).reshape(b, c, h, w)


class UNet(nn.Module):
    """(x [B,3,h,w], timesteps f32 [B], text [B,T,D]) -> epsilon [B,3,h,w]; h, w multiples of 4 * patch.

    The picture is folded patch x patch into channels first (pixel unshuffle), so the network
    works at h/patch, h/(2 patch) and h/(4 patch) and costs 1/patch^2 of a full-resolution UNet;
    the output is unfolded back.
    """

    def __init__(self, channels=48, text_dim=128, emb_dim=192, patch=2):
        super().__init__()
        c1, c2, c3 = channels, channels * 2, channels * 2
        self.channels = channels
        self.patch = patch
        self.time_mlp = nn.Sequential(nn.Linear(channels, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim))
        self.text_pool = nn.Sequential(nn.LayerNorm(text_dim), nn.Linear(text_dim, emb_dim))
        self.inp = nn.Conv2d(3 * patch * patch, c1, 3, padding=1)
        self.down1 = ResBlock(c1, c1, emb_dim)
        self.pool1 = nn.Conv2d(c1, c2, 3, stride=2, padding=1)
        self.down2 = ResBlock(c2, c2, emb_dim)
        self.attn2 = SpatialTransformer(c2, text_dim)
        self.pool2 = nn.Conv2d(c2, c3, 3, stride=2, padding=1)
        self.down3 = ResBlock(c3, c3, emb_dim)
        self.mid_attn = SpatialTransformer(c3, text_dim)
        self.mid2 = ResBlock(c3, c3, emb_dim)
        self.up3 = ResBlock(c3 + c3, c2, emb_dim)
        self.up2 = ResBlock(c2 + c2, c2, emb_dim)
        self.up_attn2 = SpatialTransformer(c2, text_dim)
        self.up1 = ResBlock(c2 + c1, c1, emb_dim)
        self.out_norm = nn.GroupNorm(8, c1)
        self.out = nn.Conv2d(c1, 3 * patch * patch, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x, timesteps, text):
        emb = self.time_mlp(timestep_embedding(timesteps, self.channels)) + self.text_pool(text.mean(dim=1))
        h1 = self.down1(self.inp(F.pixel_unshuffle(x, self.patch)), emb)  # h/patch
        h2 = self.attn2(self.down2(self.pool1(h1), emb), text)           # h/4
        h3 = self.down3(self.pool2(h2), emb)                             # h/8
        m = self.mid2(self.mid_attn(h3, text), emb)
        u = self.up3(torch.cat([m, h3], 1), emb)
        u = F.interpolate(u, scale_factor=2.0, mode="nearest")
        u = self.up_attn2(self.up2(torch.cat([u, h2], 1), emb), text)
        u = F.interpolate(u, scale_factor=2.0, mode="nearest")
        u = self.up1(torch.cat([u, h1], 1), emb)
        return F.pixel_shuffle(self.out(F.silu(self.out_norm(u))), self.patch)


class PixelDecoder(nn.Module):
    """The 'VAE decoder' of a pixel-space model: upsample the 32px sample to the output grid, clamp to [-1,1]."""

    def __init__(self, factor):
        super().__init__()
        self.factor = float(factor)

    def forward(self, latents):
        img = F.interpolate(latents, scale_factor=self.factor, mode="bicubic", align_corners=False)
        return img.clamp(-1.0, 1.0)


class EpsilonFromV(nn.Module):
    """Wraps a v-predicting UNet so it answers epsilon, the contract of model.json.

    The network is trained to predict v = sqrt(a)*eps - sqrt(1-a)*x0 (converges much faster here
    than epsilon targets); eps = sqrt(1-a)*x_t + sqrt(a)*v is exact and divides by nothing.
    a = alphas_cumprod[t], linearly interpolated for fractional timesteps.
    """

    def __init__(self, unet, alphas_cumprod):
        super().__init__()
        self.unet = unet
        self.register_buffer("alphas_cumprod", alphas_cumprod.clone().float())

    def forward(self, x, timesteps, text):
        v = self.unet(x, timesteps, text)
        last = self.alphas_cumprod.shape[0] - 1
        t = timesteps.float().clamp(0.0, float(last))
        lo = t.floor().long()
        hi = (lo + 1).clamp(max=last)
        w = (t - lo.float())
        a = (self.alphas_cumprod[lo] * (1 - w) + self.alphas_cumprod[hi] * w).view(-1, 1, 1, 1)
        return (1 - a).sqrt() * x + a.sqrt() * v
