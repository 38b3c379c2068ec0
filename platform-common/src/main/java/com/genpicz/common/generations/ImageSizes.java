package com.genpicz.common.generations;

import java.util.Set;

/** The widths and heights the reference accepts, in pixels. */
public final class ImageSizes {

    public static final Set<Integer> ACCEPTED = Set.of(512, 768, 1024, 1280, 1920);
    public static final int DEFAULT = 1024;
    /** upscale stores the image this many times larger in each direction. */
    public static final int UPSCALE_FACTOR = 4;

    private ImageSizes() {
    }

    public static boolean isAccepted(int pixels) {
        return ACCEPTED.contains(pixels);
    }
}
