package dev.herald.common.rest;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Looks through a failure's causes and suppressed exceptions: a reactive pipeline that fails twice (the publish, then
 * the clean-up after it) reports both in one composite, and the first is not always the one that explains it.
 */
final class Failures {

    private Failures() {
    }

    static boolean any(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        if (failure != null) {
            next.add(failure);
        }
        while (!next.isEmpty()) {
            Throwable current = next.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (test.test(current)) {
                return true;
            }
            if (current.getCause() != null) {
                next.add(current.getCause());
            }
            Collections.addAll(next, current.getSuppressed());
            if (current instanceof io.smallrye.mutiny.CompositeException composite) {
                next.addAll(composite.getCauses());
            }
        }
        return false;
    }
}
