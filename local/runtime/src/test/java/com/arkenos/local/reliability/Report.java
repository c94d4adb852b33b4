package com.arkenos.local.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The suite's results: one section per area (a title, what was done, a table of figures, the failed cases with their
 * reasons), then the totals. Every case is PASS, FAIL or SKIP; a skipped case is never counted as passed. Tables are
 * Markdown, so the printed report can go into a README as it is.
 */
final class Report {
    enum Outcome { PASS, FAIL, SKIP }

    record Result(String area, String name, Outcome outcome, String detail) {}

    /** A Markdown table. */
    static final class Table {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();

        Table(String... header) {
            this.header = List.of(header);
        }

        Table row(Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(String.valueOf(c));
            }
            rows.add(r);
            return this;
        }

        String render() {
            int[] w = new int[header.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(3, header.get(i).length());
                for (List<String> r : rows) {
                    w[i] = Math.max(w[i], i < r.size() ? r.get(i).length() : 0);
                }
            }
            StringBuilder b = new StringBuilder();
            line(b, header, w);
            StringBuilder sep = new StringBuilder("|");
            for (int x : w) {
                sep.append(' ').append("-".repeat(x)).append(" |");
            }
            b.append(sep).append('\n');
            rows.forEach(r -> line(b, r, w));
            return b.toString();
        }

        private static void line(StringBuilder b, List<String> cells, int[] w) {
            b.append('|');
            for (int i = 0; i < w.length; i++) {
                String c = i < cells.size() ? cells.get(i) : "";
                b.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
            }
            b.append('\n');
        }
    }

    /** One area's part of the report. */
    static final class Section {
        final String area;
        final String title;
        final List<String> notes = new ArrayList<>();
        final List<Table> tables = new ArrayList<>();
        final List<Result> results = Collections.synchronizedList(new ArrayList<>());
        long millis;

        Section(String area, String title) {
            this.area = area;
            this.title = title;
        }

        void note(String text) {
            notes.add(text);
        }

        Table table(String... header) {
            Table t = new Table(header);
            tables.add(t);
            return t;
        }

        Result pass(String name, String detail) {
            return add(name, Outcome.PASS, detail);
        }

        Result fail(String name, String detail) {
            return add(name, Outcome.FAIL, detail);
        }

        Result skip(String name, String reason) {
            return add(name, Outcome.SKIP, reason);
        }

        /** Pass when {@code violations} is empty, else fail listing them. */
        Result check(String name, List<String> violations, String detail) {
            return violations.isEmpty() ? pass(name, detail) : fail(name, String.join("; ", violations));
        }

        Result add(String name, Outcome outcome, String detail) {
            Result r = new Result(area, name, outcome, detail);
            results.add(r);
            return r;
        }

        long count(Outcome o) {
            synchronized (results) {
                return results.stream().filter(r -> r.outcome() == o).count();
            }
        }

        String render() {
            StringBuilder b = new StringBuilder();
            b.append("## ").append(title).append('\n').append('\n');
            notes.forEach(n -> b.append(n).append('\n'));
            if (!notes.isEmpty()) {
                b.append('\n');
            }
            for (Table t : tables) {
                b.append(t.render()).append('\n');
            }
            b.append(String.format("%d cases: %d passed, %d failed, %d skipped (%.1f s)%n", results.size(),
                    count(Outcome.PASS), count(Outcome.FAIL), count(Outcome.SKIP), millis / 1000.0));
            synchronized (results) {
                results.stream().filter(r -> r.outcome() != Outcome.PASS).forEach(r ->
                        b.append("- ").append(r.outcome()).append(' ').append(r.name()).append(": ")
                                .append(r.detail()).append('\n'));
            }
            return b.toString();
        }
    }

    private final List<Section> sections = Collections.synchronizedList(new ArrayList<>());
    private final long started = System.nanoTime();

    void add(Section s) {
        sections.add(s);
    }

    List<Section> sections() {
        return sections;
    }

    long total(Outcome o) {
        return sections.stream().mapToLong(s -> s.count(o)).sum();
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("# Reliability and security report\n\n");
        sections.forEach(s -> b.append(s.render()).append('\n'));
        b.append(String.format("Run time %.1f s. %d skipped%n", (System.nanoTime() - started) / 1e9,
                total(Outcome.SKIP)));
        b.append(total(Outcome.PASS)).append(" passed, ").append(total(Outcome.FAIL)).append(" failed\n");
        return b.toString();
    }
}
