package com.arkenos.devkit.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Twilio's two list envelopes. API 2010-04-01 lists carry {@code *_page_uri} fields relative to
 * {@code https://api.twilio.com}; v1 lists (Trunking) carry a {@code meta} object with absolute URLs. Both point at
 * Twilio's real hosts, as Twilio does: the SDK turns them into requests, and the gateway's HTTP client maps the host
 * to the sandbox.
 */
final class Paging {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;
    private static final String TRUNKING_HOST = "https://trunking.twilio.com";

    private Paging() {
    }

    /** The slice of {@code all} that PageSize and Page select. */
    record Window<T>(List<T> items, int page, int pageSize, boolean hasNext) {
        int start() {
            return page * pageSize;
        }
    }

    /** Number searches are not paged: Twilio answers one page of its best matches. */
    static <T> Window<T> onlyPage(Params params) {
        return new Window<>(List.of(), 0, params.integer("PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE), false);
    }

    static <T> Window<T> window(List<T> all, Params params) {
        int pageSize = params.integer("PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        int page = params.integer("Page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int from = Math.min(all.size(), page * pageSize);
        int to = Math.min(all.size(), from + pageSize);
        return new Window<>(List.copyOf(all.subList(from, to)), page, pageSize, to < all.size());
    }

    static Map<String, Object> v2010(String key, String twilioPath, Map<String, String> filters, Window<?> window,
                                     List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("first_page_uri", pageUri(twilioPath, filters, window.pageSize(), 0));
        body.put("end", items.isEmpty() ? window.start() : window.start() + items.size() - 1);
        body.put("previous_page_uri",
                window.page() > 0 ? pageUri(twilioPath, filters, window.pageSize(), window.page() - 1) : null);
        body.put(key, items);
        body.put("uri", pageUri(twilioPath, filters, window.pageSize(), window.page()));
        body.put("page_size", window.pageSize());
        body.put("start", window.start());
        body.put("next_page_uri",
                window.hasNext() ? pageUri(twilioPath, filters, window.pageSize(), window.page() + 1) : null);
        body.put("page", window.page());
        return body;
    }

    static Map<String, Object> trunking(String key, String twilioPath, Window<?> window,
                                        List<Map<String, Object>> items) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("page", window.page());
        meta.put("page_size", window.pageSize());
        meta.put("first_page_url", TRUNKING_HOST + pageUri(twilioPath, Map.of(), window.pageSize(), 0));
        meta.put("previous_page_url", window.page() > 0
                ? TRUNKING_HOST + pageUri(twilioPath, Map.of(), window.pageSize(), window.page() - 1) : null);
        meta.put("url", TRUNKING_HOST + pageUri(twilioPath, Map.of(), window.pageSize(), window.page()));
        meta.put("next_page_url", window.hasNext()
                ? TRUNKING_HOST + pageUri(twilioPath, Map.of(), window.pageSize(), window.page() + 1) : null);
        meta.put("key", key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items);
        body.put("meta", meta);
        return body;
    }

    private static String pageUri(String twilioPath, Map<String, String> filters, int pageSize, int page) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("PageSize", String.valueOf(pageSize));
        query.put("Page", String.valueOf(page));
        return twilioPath + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
