#!/usr/bin/env python3
"""Export a diffusers Stable Diffusion pipeline (SD 1.x, SD 2.x, SD Turbo) into GenPicz's model folder.

The folder format is docs/model-format.md: model.json, tokenizer.json, text_encoder.pt, unet.pt, vae_decoder.pt.
The three .pt files are torch.jit.trace'd wrappers with plain tensor signatures, so the Java pipeline (DJL's
libtorch) can call them without any Python:

  text_encoder.pt  input_ids int64 [B, T]                     -> last hidden state float32 [B, T, D]
  unet.pt          (latents [B, 4, h, w], timesteps f32 [B], text [B, T, D]) -> noise (or v) prediction [B, 4, h, w]
  vae_decoder.pt   latents [B, 4, h, w] / scaling_factor      -> image [B, 3, 8h, 8w] in [-1, 1]

Requirements (not installed on the GenPicz build machines): torch (1.13 to 2.7; libtorch 2.7.1 must be able to
load what this torch writes), diffusers, transformers. Everything runs on CPU in float32.

  pip install "torch<2.8" diffusers transformers
  python tools/export_model.py runwayml/stable-diffusion-v1-5 models/sd15 --name sd15
  python tools/export_model.py stabilityai/sd-turbo models/sd-turbo --name sd-turbo --profiles turbo

The source may be a Hub id or a local diffusers folder. After tracing, every file is reloaded and checked against
the eager model on batch sizes and resolutions other than the ones traced, because a trace that baked in a shape
would only fail later, in Java, on some request sizes.
"""
import argparse
import json
import os
import sys

import torch

SUPPORTED_BETA_SCHEDULES = ("linear", "scaled_linear")
SUPPORTED_PREDICTION_TYPES = ("epsilon", "v_prediction")
SUPPORTED_SPACINGS = ("leading", "trailing", "linspace")

# What the API's quality names run for each kind of model (model.json "quality_profiles", docs/model-format.md).
# Full Stable Diffusion checkpoints want tens of steps with guidance; distilled ones (SD Turbo) 1-4 steps without
# it (guidance at most 1 turns classifier-free guidance off).
QUALITY_PROFILES = {
    "sd": {"standard": {"steps": 25, "guidance_scale": 7.5, "sampler": "ddim"},
           "hd": {"steps": 40, "guidance_scale": 7.5, "sampler": "ddim"},
           "ultra": {"steps": 50, "guidance_scale": 7.5, "sampler": "euler_a"}},
    "turbo": {"standard": {"steps": 1, "guidance_scale": 0.0, "sampler": "euler_a"},
              "hd": {"steps": 2, "guidance_scale": 0.0, "sampler": "euler_a"},
              "ultra": {"steps": 4, "guidance_scale": 0.0, "sampler": "euler_a"}},
}


class TextEncoderWrapper(torch.nn.Module):
    """CLIP text model -> last_hidden_state, which is what StableDiffusionPipeline conditions on (no clip skip)."""

    def __init__(self, text_encoder):
        super().__init__()
        self.text_encoder = text_encoder

    def forward(self, input_ids):
        return self.text_encoder(input_ids, return_dict=False)[0]


class UnetWrapper(torch.nn.Module):
    """UNet2DConditionModel with positional tensor inputs and a single tensor output."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, latents, timesteps, text):
        return self.unet(latents, timesteps, encoder_hidden_states=text, return_dict=False)[0]


class VaeDecoderWrapper(torch.nn.Module):
    """AutoencoderKL.decode (post_quant_conv + decoder); the caller has already divided by scaling_factor."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latents):
        return self.vae.decode(latents, return_dict=False)[0]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="Hub id or local folder of a diffusers Stable Diffusion pipeline")
    parser.add_argument("output", help="model folder to write")
    parser.add_argument("--name", help="model.json name (default: the output folder's name)")
    parser.add_argument("--revision", default=None, help="Hub revision, e.g. a commit or 'fp16'")
    parser.add_argument("--skip-check", action="store_true", help="do not re-run the traced files against eager")
    parser.add_argument("--profiles", choices=sorted(QUALITY_PROFILES), default="sd",
                        help="quality profiles to write: sd (25/40/50 steps, guidance 7.5) or turbo (1/2/4 steps, "
                             "no guidance) for distilled models such as SD Turbo")
    return parser.parse_args()


def load_pipeline(source, revision):
    from diffusers import DiffusionPipeline

    pipe = DiffusionPipeline.from_pretrained(source, revision=revision, torch_dtype=torch.float32,
                                             safety_checker=None, requires_safety_checker=False)
    if getattr(pipe, "text_encoder_2", None) is not None:
        sys.exit("SDXL-style pipelines (two text encoders, added conditioning) are not supported by the folder format")
    for component in ("tokenizer", "text_encoder", "unet", "vae", "scheduler"):
        if getattr(pipe, component, None) is None:
            sys.exit("the pipeline has no %s; is it a Stable Diffusion text-to-image pipeline?" % component)
    if getattr(pipe.unet.config, "addition_embed_type", None):
        sys.exit("UNets with addition_embed_type=%r are not supported" % pipe.unet.config.addition_embed_type)
    for module in (pipe.text_encoder, pipe.unet, pipe.vae):
        module.eval().to("cpu", torch.float32)
    return pipe


def model_config(pipe, name, profiles="sd"):
    unet, vae, tokenizer = pipe.unet.config, pipe.vae.config, pipe.tokenizer
    scheduler = dict(pipe.scheduler.config)
    vae_scale_factor = 2 ** (len(vae.block_out_channels) - 1)
    beta_schedule = scheduler.get("beta_schedule", "linear")
    prediction_type = scheduler.get("prediction_type", "epsilon")
    spacing = scheduler.get("timestep_spacing", "leading")
    if beta_schedule not in SUPPORTED_BETA_SCHEDULES:
        sys.exit("beta_schedule %r is not supported (only %s)" % (beta_schedule, ", ".join(SUPPORTED_BETA_SCHEDULES)))
    if prediction_type not in SUPPORTED_PREDICTION_TYPES:
        sys.exit("prediction_type %r is not supported" % prediction_type)
    if spacing not in SUPPORTED_SPACINGS:
        sys.exit("timestep_spacing %r is not supported" % spacing)
    if scheduler.get("rescale_betas_zero_snr"):
        print("warning: rescale_betas_zero_snr is ignored by the Java samplers", file=sys.stderr)
    if scheduler.get("trained_betas") is not None:
        sys.exit("explicit trained_betas are not supported")
    return {
        "name": name,
        "latent_channels": unet.in_channels,
        "vae_scale_factor": vae_scale_factor,
        "vae_scaling_factor": float(vae.scaling_factor),
        "native_resolution": int(unet.sample_size) * vae_scale_factor,
        # Each down block but the last halves the latent; sides must divide by 2^(blocks-1).
        "latent_multiple": 2 ** (len(unet.down_block_types) - 1),
        "max_token_length": int(tokenizer.model_max_length),
        "pad_token_id": int(tokenizer.pad_token_id),
        "scheduler": {
            "num_train_timesteps": int(scheduler.get("num_train_timesteps", 1000)),
            "beta_start": float(scheduler.get("beta_start", 0.0001)),
            "beta_end": float(scheduler.get("beta_end", 0.02)),
            "beta_schedule": beta_schedule,
            "prediction_type": prediction_type,
            "timestep_spacing": spacing,
            "steps_offset": int(scheduler.get("steps_offset", 0)),
            "set_alpha_to_one": bool(scheduler.get("set_alpha_to_one", False)),
        },
        "quality_profiles": QUALITY_PROFILES[profiles],
    }


def write_tokenizer(source, revision, pipe, path):
    """tokenizer.json in HuggingFace tokenizers format (the fast CLIP tokenizer), with no padding or truncation
    baked in: the Java side truncates to max_token_length and pads with pad_token_id itself."""
    from transformers import CLIPTokenizerFast

    if isinstance(pipe.tokenizer, CLIPTokenizerFast):
        fast = pipe.tokenizer
    elif os.path.isdir(source):
        fast = CLIPTokenizerFast.from_pretrained(os.path.join(source, "tokenizer"))
    else:
        fast = CLIPTokenizerFast.from_pretrained(source, subfolder="tokenizer", revision=revision)
    backend = fast.backend_tokenizer
    backend.no_padding()
    backend.no_truncation()
    backend.save(path)
    # The fast and slow tokenizers must agree on what the model was trained with.
    probe = "a photograph of an astronaut riding a horse, highly detailed"
    if fast(probe).input_ids != pipe.tokenizer(probe).input_ids:
        sys.exit("fast and slow tokenizers disagree; refusing to write a tokenizer.json that differs")


def trace(module, example, path):
    with torch.no_grad():
        traced = torch.jit.trace(module, example, check_trace=False, strict=False)
    traced.save(path)
    return path


def check(path, eager, inputs_list, what):
    loaded = torch.jit.load(path)
    for inputs in inputs_list:
        with torch.no_grad():
            expected, actual = eager(*inputs), loaded(*inputs)
        shapes = [tuple(i.shape) for i in inputs]
        if expected.shape != actual.shape:
            sys.exit("%s: traced output shape %s != eager %s for inputs %s" % (what, tuple(actual.shape),
                                                                             tuple(expected.shape), shapes))
        error = (expected - actual).abs().max().item()
        scale = expected.abs().max().item() or 1.0
        if error > 1e-3 * scale:
            sys.exit("%s: traced output differs from eager by %g for inputs %s" % (what, error, shapes))
        print("checked %s on %s: max difference %.2e" % (what, shapes, error))


def main():
    args = parse_args()
    name = args.name or os.path.basename(os.path.normpath(args.output))
    os.makedirs(args.output, exist_ok=True)
    torch.manual_seed(0)
    pipe = load_pipeline(args.source, args.revision)
    config = model_config(pipe, name, args.profiles)
    tokens, channels = config["max_token_length"], config["latent_channels"]
    text_dim = pipe.text_encoder.config.hidden_size
    multiple = config["latent_multiple"]

    write_tokenizer(args.source, args.revision, pipe, os.path.join(args.output, "tokenizer.json"))

    text_encoder = TextEncoderWrapper(pipe.text_encoder).eval()
    unet = UnetWrapper(pipe.unet).eval()
    vae = VaeDecoderWrapper(pipe.vae).eval()
    ids = lambda b: torch.randint(0, pipe.tokenizer.vocab_size, (b, tokens), dtype=torch.int64)
    latents = lambda b, h, w: torch.randn(b, channels, h, w)
    # Traced at batch 2 (cond + uncond) and a small latent; the checks below use other batches and sizes.
    side = 4 * multiple
    paths = {
        "text_encoder": trace(text_encoder, (ids(2),), os.path.join(args.output, "text_encoder.pt")),
        "unet": trace(unet, (latents(2, side, side), torch.tensor([999.0, 999.0]), torch.randn(2, tokens, text_dim)),
                      os.path.join(args.output, "unet.pt")),
        "vae_decoder": trace(vae, (latents(1, side, side),), os.path.join(args.output, "vae_decoder.pt")),
    }
    with open(os.path.join(args.output, "model.json"), "w", encoding="utf-8") as out:
        json.dump(config, out, indent=2)
        out.write("\n")

    if not args.skip_check:
        other = (3 * multiple, 5 * multiple)
        check(paths["text_encoder"], text_encoder, [(ids(1),), (ids(3),)], "text_encoder")
        check(paths["unet"], unet, [(latents(1, *other), torch.tensor([500.0]), torch.randn(1, tokens, text_dim)),
                                    (latents(4, side, side), torch.tensor([1.0, 1.0, 250.0, 250.0]),
                                     torch.randn(4, tokens, text_dim))], "unet")
        check(paths["vae_decoder"], vae, [(latents(2, *other),)], "vae_decoder")
    print("wrote %s: %s" % (args.output, json.dumps(config)))


if __name__ == "__main__":
    main()
