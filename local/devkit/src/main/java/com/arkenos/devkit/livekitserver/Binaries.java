package com.arkenos.devkit.livekitserver;

import com.arkenos.devkit.template.SamTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the real-provider tests find the programs they start: an override variable, install.sh's folder, the PATH. */
public final class Binaries {
    private Binaries() {
    }

    /** {@code envVar}'s path when set, else {@code installed} under the project root; empty unless executable. */
    public static Optional<Path> installed(String envVar, String installed) {
        String env = System.getenv(envVar);
        Path p = env != null && !env.isBlank() ? Path.of(env) : SamTemplate.projectRoot().resolve(installed);
        return Optional.of(p).filter(Files::isExecutable);
    }

    /** {@code envVar}'s path when set, else {@code name} on the PATH; empty unless executable. */
    public static Optional<Path> onPath(String envVar, String name) {
        String env = System.getenv(envVar);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
