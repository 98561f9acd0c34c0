package se.relaybridge.board;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The board hears the flood guard's bans once per change, and a new browser gets them in its snapshot. */
class BoardFeedEdgeTest {

    @Test
    void theEdgeIsToldOnlyWhenItChangedAndIsInTheSnapshot() {
        BoardFeed feed = new BoardFeed();
        List<EdgeView> told = new CopyOnWriteArrayList<>();
        feed.subscribeEdge(told::add);
        assertThat(feed.snapshot().edge()).isEqualTo(EdgeView.QUIET);

        feed.edge(EdgeView.QUIET);
        feed.edge(new EdgeView(1, 10, 5));
        feed.edge(new EdgeView(1, 10, 5));
        feed.edge(new EdgeView(1, 10, 80));
        feed.edge(new EdgeView(0, 10, 80));

        assertThat(told).containsExactly(new EdgeView(1, 10, 5), new EdgeView(1, 10, 80), new EdgeView(0, 10, 80));
        assertThat(feed.snapshot().edge()).isEqualTo(new EdgeView(0, 10, 80));
    }
}
