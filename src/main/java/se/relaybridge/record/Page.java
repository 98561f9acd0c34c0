package se.relaybridge.record;

import java.util.List;

/** One page of a search: {@code page} is 0-based, {@code total} counts every match over all pages. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
