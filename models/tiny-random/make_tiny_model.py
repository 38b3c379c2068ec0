#!/usr/bin/python3
"""Writes the tiny random-weight test model of docs/model-format.md into this folder.

Deterministic: a fixed seed, torch.jit.trace (byte-reproducible) and a hand-written tokenizer.json, so re-running
it reproduces the committed files. The weights are random: images are coloured noise shaped by the prompt, which
is all the Java pipeline tests need (shapes, determinism, prompt sensitivity, speed).

Run with Debian's torch:  /usr/bin/python3 models/tiny-random/make_tiny_model.py [output-dir]
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20261124
MAX_TOKENS = 77
TEXT_DIM = 64
LATENT_CHANNELS = 4
VAE_SCALE_FACTOR = 8
VAE_SCALING_FACTOR = 0.18215

SPECIALS = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]
WORDS = """
a an the of and or with in on at by for from to under over above below near behind beside between into
is are was be very little big small large tiny huge tall short long wide old young new ancient modern
red orange yellow green blue purple pink brown black white gray grey gold silver golden dark bright light
cat dog bird horse fish lion tiger bear wolf fox rabbit dragon robot person man woman child girl boy king
queen knight wizard astronaut portrait face eyes hair hat dress armor
house castle city street road bridge tower village forest tree trees flower flowers garden field mountain
mountains hill river lake sea ocean beach island desert snow rain cloud clouds sky sun moon star stars
night day sunset sunrise morning evening storm fire water ice stone rock sand grass leaf leaves
car boat ship train plane spaceship book table chair window door lamp cup
painting photo photograph drawing sketch illustration render art style artwork oil watercolor pencil
digital cinematic realistic photorealistic detailed highly sharp focus soft blurry blur lighting light
shadow shadows colorful vibrant beautiful cute scary epic fantasy sci-fi futuristic vintage retro
minimalist abstract surreal dramatic moody calm peaceful quiet quality best worst low high resolution
ugly deformed bad text watermark signature noise noisy grainy cartoon anime 3d 4k 8k hd masterpiece
""".split()


def write_tokenizer(path):
    vocab = {}
    for token in SPECIALS + WORDS:
        if token not in vocab:
            vocab[token] = len(vocab)
    special = lambda name: {"id": vocab[name], "content": name, "single_word": False, "lstrip": False,
                            "rstrip": False, "normalized": False, "special": True}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(name) for name in SPECIALS],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[BOS]", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[EOS]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[BOS]", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[EOS]", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[EOS]", "type_id": 1}}],
            "special_tokens": {name: {"id": name, "ids": [vocab[name]], "tokens": [name]}
                               for name in ("[BOS]", "[EOS]")},
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(tokenizer, out, indent=1, ensure_ascii=False)
        out.write("\n")
    return len(vocab)


class Attention(nn.Module):
    """Multi-head attention written with plain ops so the trace stays valid for any batch and sequence length."""

    def __init__(self, dim, context_dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = 1.0 / math.sqrt(dim // heads)
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(context_dim, dim, bias=False)
        self.v = nn.Linear(context_dim, dim, bias=False)
        self.out = nn.Linear(dim, dim)

    def split(self, x):
        return x.unflatten(-1, (self.heads, -1)).transpose(1, 2)

    def forward(self, x, context, mask=None):
        q, k, v = self.split(self.q(x)), self.split(self.k(context)), self.split(self.v(context))
        scores = (q @ k.transpose(-1, -2)) * self.scale
        if mask is not None:
            scores = scores + mask
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).flatten(2))


class TextEncoder(nn.Module):
    """Token + position embedding and one pre-norm transformer layer with a causal mask, as in CLIP."""

    def __init__(self, vocab_size):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, TEXT_DIM)
        self.positions = nn.Parameter(torch.randn(MAX_TOKENS, TEXT_DIM) * 0.1)
        self.norm1 = nn.LayerNorm(TEXT_DIM)
        self.attention = Attention(TEXT_DIM, TEXT_DIM, heads=4)
        self.norm2 = nn.LayerNorm(TEXT_DIM)
        self.mlp = nn.Sequential(nn.Linear(TEXT_DIM, 4 * TEXT_DIM), nn.GELU(), nn.Linear(4 * TEXT_DIM, TEXT_DIM))
        self.final_norm = nn.LayerNorm(TEXT_DIM)
        self.register_buffer("causal", torch.full((MAX_TOKENS, MAX_TOKENS), float("-inf")).triu(1))

    def forward(self, input_ids):
        x = self.tokens(input_ids) + self.positions
        h = self.norm1(x)
        x = x + self.attention(h, h, self.causal)
        x = x + self.mlp(self.norm2(x))
        return self.final_norm(x)


def timestep_embedding(timesteps, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    angles = timesteps[:, None].float() * freqs[None, :]
    return torch.cat([angles.cos(), angles.sin()], dim=-1)


class ResBlock(nn.Module):
    """GroupNorm-SiLU-conv twice, with the timestep embedding added as a per-channel shift (as in SD's UNet)."""

    def __init__(self, in_channels, out_channels, time_dim):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, in_channels)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.time = nn.Linear(time_dim, out_channels)
        self.norm2 = nn.GroupNorm(8, out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.skip = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()

    def forward(self, x, time):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time(time)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class CrossAttentionBlock(nn.Module):
    """Lets every latent cell attend to the prompt's hidden states."""

    def __init__(self, channels, context_dim):
        super().__init__()
        self.norm = nn.GroupNorm(8, channels)
        self.attention = Attention(channels, context_dim, heads=4)
        with torch.no_grad():
            # Random weights give the prompt only a faint say; amplify it so prompts visibly change the image.
            self.attention.out.weight.mul_(4.0)

    def forward(self, x, context):
        tokens = self.norm(x).flatten(2).transpose(1, 2)
        attended = self.attention(tokens, context).transpose(1, 2)
        return x + attended.reshape_as(x)


class TinyUNet(nn.Module):
    """conv_in at latent resolution (32 channels), a ResBlock and cross-attention at half resolution (64 channels),
    then back up with a pixel shuffle and a skip connection. One down-sampling: latent_multiple 2. Most work
    happens at half resolution so 1024x1024 renders stay fast on two CPU threads."""

    def __init__(self):
        super().__init__()
        time_dim = 128
        self.time_mlp = nn.Sequential(nn.Linear(32, time_dim), nn.SiLU(), nn.Linear(time_dim, time_dim))
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, 32, 3, padding=1)
        self.downsample = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.mid_block = ResBlock(64, 64, time_dim)
        self.mid_attention = CrossAttentionBlock(64, TEXT_DIM)
        self.upsample = nn.Conv2d(64, 32 * 4, 1)
        self.norm_out = nn.GroupNorm(8, 32)
        self.conv_out = nn.Conv2d(32, LATENT_CHANNELS, 3, padding=1)

    def forward(self, latents, timesteps, text):
        time = self.time_mlp(timestep_embedding(timesteps, 32))
        skip = self.conv_in(latents)
        h = self.mid_attention(self.mid_block(self.downsample(F.silu(skip)), time), text)
        h = F.pixel_shuffle(self.upsample(h), 2) + skip
        return self.conv_out(F.silu(self.norm_out(h)))


class TinyVaeDecoder(nn.Module):
    """Three x2 pixel-shuffle upsamplings (x8) with channels shrinking as the resolution grows; no convolution runs
    at full image resolution, which keeps 1920x1920 decodes cheap."""

    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, 32, 3, padding=1)
        self.up1 = nn.Conv2d(32, 16 * 4, 1)
        self.mid = nn.Conv2d(16, 16, 3, padding=1)
        self.up2 = nn.Conv2d(16, 8 * 4, 1)
        self.up3 = nn.Conv2d(8, 3 * 4, 1)

    def forward(self, latents):
        h = F.silu(self.conv_in(latents))
        h = F.silu(self.mid(F.pixel_shuffle(self.up1(h), 2)))
        h = F.silu(F.pixel_shuffle(self.up2(h), 2))
        return torch.tanh(2.0 * F.pixel_shuffle(self.up3(h), 2))


def trace(module, inputs, path):
    module.eval()
    with torch.no_grad():
        traced = torch.jit.trace(module, inputs, check_trace=False)
    traced.save(path)
    return traced


def check_shape_independence(eager, traced, make_inputs):
    """A trace that baked in a batch or spatial size would silently break other request sizes; catch it here."""
    for batch, side in ((1, 48), (3, 34), (2, 20)):
        inputs = make_inputs(batch, side)
        with torch.no_grad():
            expected, actual = eager(*inputs), traced(*inputs)
        assert expected.shape == actual.shape, (expected.shape, actual.shape)
        assert torch.allclose(expected, actual, atol=1e-5), (batch, side)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)

    vocab_size = write_tokenizer(os.path.join(out_dir, "tokenizer.json"))
    text_encoder, unet, vae = TextEncoder(vocab_size), TinyUNet(), TinyVaeDecoder()

    ids = torch.randint(0, vocab_size, (2, MAX_TOKENS), dtype=torch.int64)
    traced_text = trace(text_encoder, (ids,), os.path.join(out_dir, "text_encoder.pt"))
    unet_example = (torch.randn(2, LATENT_CHANNELS, 64, 64), torch.tensor([999.0, 999.0]),
                    torch.randn(2, MAX_TOKENS, TEXT_DIM))
    traced_unet = trace(unet, unet_example, os.path.join(out_dir, "unet.pt"))
    traced_vae = trace(vae, (torch.randn(1, LATENT_CHANNELS, 64, 64),), os.path.join(out_dir, "vae_decoder.pt"))

    check_shape_independence(text_encoder, traced_text,
                             lambda b, s: (torch.randint(0, vocab_size, (b, MAX_TOKENS)),))
    check_shape_independence(unet, traced_unet,
                             lambda b, s: (torch.randn(b, LATENT_CHANNELS, s, s + 2), torch.rand(b) * 1000,
                                           torch.randn(b, MAX_TOKENS, TEXT_DIM)))
    check_shape_independence(vae, traced_vae, lambda b, s: (torch.randn(b, LATENT_CHANNELS, s, s + 2),))

    config = {
        "name": "tiny-random",
        "latent_channels": LATENT_CHANNELS,
        "vae_scale_factor": VAE_SCALE_FACTOR,
        "vae_scaling_factor": VAE_SCALING_FACTOR,
        "native_resolution": 512,
        "latent_multiple": 2,
        "max_token_length": MAX_TOKENS,
        "pad_token_id": 0,
        "scheduler": {
            "num_train_timesteps": 1000,
            "beta_start": 0.00085,
            "beta_end": 0.012,
            "beta_schedule": "scaled_linear",
            "prediction_type": "epsilon",
            "timestep_spacing": "leading",
            "steps_offset": 1,
        },
    }
    with open(os.path.join(out_dir, "model.json"), "w", encoding="utf-8") as out:
        json.dump(config, out, indent=2)
        out.write("\n")
    print("wrote tiny-random model (vocabulary %d) to %s" % (vocab_size, out_dir))


if __name__ == "__main__":
    main()
