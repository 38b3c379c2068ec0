package com.genpicz.common.styles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The style presets the API offers and inference applies; ids are part of the public contract. */
public final class StyleCatalog {

    public static final String DEFAULT_STYLE = "auto";

    private static final List<Style> STYLES = List.of(
            new Style("auto", "Auto", "No preset: the prompt is rendered as written.", "{prompt}", ""),
            new Style("cinematic", "Cinematic", "Film still look: dramatic lighting, shallow depth of field.",
                    "cinematic film still of {prompt}, dramatic lighting, shallow depth of field, high detail",
                    "cartoon, flat, low contrast"),
            new Style("photographic", "Photographic", "Natural photograph, realistic light and texture.",
                    "photograph of {prompt}, natural light, realistic, sharp focus", "painting, illustration, cartoon"),
            new Style("anime", "Anime", "Japanese animation, clean lines and flat colour.",
                    "anime illustration of {prompt}, clean line art, vibrant flat colours", "photograph, realistic"),
            new Style("digital-art", "Digital art", "Polished digital painting.",
                    "digital painting of {prompt}, highly detailed, artstation", "photograph, blurry"),
            new Style("watercolor", "Watercolor", "Soft watercolour on paper.",
                    "watercolor painting of {prompt}, soft washes, paper texture", "photograph, hard edges"),
            new Style("pixel-art", "Pixel art", "Retro pixel art with a limited palette.",
                    "pixel art of {prompt}, 16-bit, limited palette", "photograph, smooth gradients"),
            new Style("3d-render", "3D render", "Clean studio 3D render.",
                    "3d render of {prompt}, studio lighting, octane render", "flat, sketch"));

    private static final Map<String, Style> BY_ID = index();

    private StyleCatalog() {
    }

    public static List<Style> all() {
        return STYLES;
    }

    public static Optional<Style> find(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    private static Map<String, Style> index() {
        Map<String, Style> byId = new LinkedHashMap<>();
        STYLES.forEach(style -> byId.put(style.id(), style));
        return Map.copyOf(byId);
    }
}
