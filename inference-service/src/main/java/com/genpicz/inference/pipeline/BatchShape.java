package com.genpicz.inference.pipeline;

import com.genpicz.inference.sampling.SamplerKind;

/**
 * What requests must share to go through the UNet as one tensor batch.
 *
 * @param guided whether classifier-free guidance is on (guidance scale above 1), which doubles the UNet batch
 */
record BatchShape(int width, int height, int steps, SamplerKind sampler, boolean guided) {}
