package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import se.relaybridge.board.BoardFeed;

/** The live board's data: a snapshot, and the stream of changes the board page reads. */
@Path("board")
@RequestScoped
public class BoardResource {

    @Inject
    BoardStream stream;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public BoardFeed.Snapshot snapshot() {
        return stream.feed().snapshot();
    }

    /** {@code snapshot}, then {@code call} and {@code ended} events; a {@code ping} comment every 15 s. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        stream.connect(sink, sse);
    }
}
