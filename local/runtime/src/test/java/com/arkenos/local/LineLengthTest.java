package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the Java sources: no line of {@code src/main/java} or {@code src/test/java} of any module under
 * {@code functions/} or {@code local/} is longer than {@value #MAX} characters. Build output ({@code target/}), the
 * local stack's data ({@code .local/}) and installed Node packages are not sources and are not read.
 */
class LineLengthTest {
    static final int MAX = 120;
    private static final Set<String> SKIPPED = Set.of("target", ".local", "node_modules");

    @Test
    void everyJavaLine_isAtMost120Characters() throws IOException {
        Path root = SamTemplate.projectRoot();
        List<Path> sources = new ArrayList<>();
        for (String top : List.of("functions", "local")) {
            Files.walkFileTree(root.resolve(top), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".java") && inSourceRoot(root.relativize(file))) {
                        sources.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        assertTrue(sources.size() > 100, "only " + sources.size() + " Java sources found under " + root);

        List<String> tooLong = new ArrayList<>();
        for (Path file : sources) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int length = line.codePointCount(0, line.length());
                if (length > MAX) {
                    tooLong.add(root.relativize(file).toString().replace('\\', '/') + ":" + (i + 1)
                            + " (" + length + ")");
                }
            }
        }
        tooLong.sort(null);
        assertTrue(tooLong.isEmpty(), tooLong.size() + " line(s) longer than " + MAX + " characters:\n  "
                + String.join("\n  ", tooLong));
    }

    /** Whether {@code relative} lies under a module's {@code src/main/java} or {@code src/test/java}. */
    private static boolean inSourceRoot(Path relative) {
        for (int i = 0; i + 2 < relative.getNameCount(); i++) {
            String set = relative.getName(i + 1).toString();
            if (relative.getName(i).toString().equals("src") && (set.equals("main") || set.equals("test"))
                    && relative.getName(i + 2).toString().equals("java")) {
                return true;
            }
        }
        return false;
    }
}
