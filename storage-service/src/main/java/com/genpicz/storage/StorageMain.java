package com.genpicz.storage;

import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.ServiceProcess;

/** Entry point of the storage-service container. */
public final class StorageMain {

    private StorageMain() {
    }

    public static void main(String[] args) {
        ServiceProcess.run("storage-service", () -> StorageService.start(StorageConfig.from(Env.system())));
    }
}
