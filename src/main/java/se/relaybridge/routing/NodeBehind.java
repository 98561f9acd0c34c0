package se.relaybridge.routing;

import java.time.Duration;

/**
 * Whether this node itself was behind — its own messages waiting to be read, or its threads stalled — at some moment
 * of the last {@code window}. A request that timed out in such a window says nothing about the target it was sent
 * to: its answer may be one of those still waiting (docs/target-health.md).
 */
@FunctionalInterface
public interface NodeBehind {

    NodeBehind NEVER = window -> false;

    boolean within(Duration window);
}
