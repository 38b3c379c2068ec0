package com.genpicz.cluster;

/** One running instance of a service: which, its slot number, its process and (for ingress) its HTTP port. */
public record ServiceInstance(ServiceKind kind, int slot, long pid, int httpPort) {

    public String name() {
        return kind.serviceName() + "-" + slot;
    }
}
