package com.genpicz.storage;

/** Where a generation's image lives in the bucket: {@code gen/<id without the gen_ prefix>.png}, as the reference's URLs. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String forGeneration(String generationId) {
        String bare = generationId.startsWith("gen_") ? generationId.substring(4) : generationId;
        return "gen/" + bare + ".png";
    }
}
