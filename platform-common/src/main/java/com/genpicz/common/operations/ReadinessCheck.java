package com.genpicz.common.operations;

/** One dependency an instance needs to do its work (database, broker, object store, model): throws when it is not. */
@FunctionalInterface
public interface ReadinessCheck {

    void verify() throws Exception;
}
