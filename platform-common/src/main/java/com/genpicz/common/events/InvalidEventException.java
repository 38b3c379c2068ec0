package com.genpicz.common.events;

import java.util.List;

/**
 * A record that decodes but breaks the contract (a missing field, a price that does not match the request, an
 * image that is not the PNG it claims to be). The event is kept so that the generation it names can be failed.
 */
public final class InvalidEventException extends EventDecodingException {

    private final transient GenerationEvent event;
    private final List<String> problems;

    public InvalidEventException(GenerationEvent event, List<String> problems) {
        super(event.type() + " breaks the contract: " + String.join("; ", problems));
        this.event = event;
        this.problems = List.copyOf(problems);
    }

    public GenerationEvent event() {
        return event;
    }

    public List<String> problems() {
        return problems;
    }
}
