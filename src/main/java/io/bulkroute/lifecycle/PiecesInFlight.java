package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * How many pieces of one load (Bulk 1.0 batches, Bulk 2.0 jobs) are in flight at once: the bound on a
 * load's concurrency and on the memory its pieces take. It is kept per load, by the load's own pieces,
 * and never by the threads of the pool the split runs on, which all loads share: a pool thread that
 * waits for a free pool thread waits for ever once every thread of the pool does the same.
 * <p>
 * A piece takes its slot before it is cut and gives it back when its exchange has completed, retries
 * and the following of a 2.0 job included, whatever thread that happens on. Camel's streaming split
 * asks for the next piece before it hands out the current one, so a load has one slot more than it
 * uploads at once: {@code parallelism} pieces being uploaded and one cut, waiting to be handed out.
 * <p>
 * The bean is the split's {@code onPrepare}: it ties each piece's slot to the piece's exchange.
 */
public final class PiecesInFlight implements Processor {
    private static final String PROPERTY = BulkHeaders.PIECES_IN_FLIGHT;
    private final int parallelism;

    public PiecesInFlight(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * The load's pieces, cut only when a slot is free. The slots go in the properties of the load's exchange
     * ({@code loadProperties}), which the split's sub-exchanges copy: that is how each piece finds them.
     */
    public <T> Iterator<T> bound(Map<String, Object> loadProperties, Iterator<T> pieces) {
        Slots<T> slots = new Slots<>(pieces, parallelism + 1);
        loadProperties.put(PROPERTY, slots);
        return slots;
    }

    @Override
    public void process(Exchange piece) {
        Slots<?> slots = piece.getProperty(PROPERTY, Slots.class);
        if (slots != null) {
            piece.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange exchange) {
                    slots.free.release();
                }
            });
        }
    }

    private static final class Slots<T> implements Iterator<T> {
        private final Iterator<T> pieces;
        private final Semaphore free;
        /** A slot is held for the piece the next hasNext() or next() may cut. */
        private boolean holding;
        private boolean ended;

        Slots(Iterator<T> pieces, int slots) {
            this.pieces = pieces;
            this.free = new Semaphore(slots);
        }

        @Override
        public boolean hasNext() {
            if (ended) {
                return false;
            }
            take();
            boolean more = pieces.hasNext();
            if (!more) {
                ended = true;
                holding = false;
                free.release();
            }
            return more;
        }

        @Override
        public T next() {
            take();
            T piece = pieces.next();
            holding = false;
            return piece;
        }

        // The split's reader is the only caller: it waits for one of its own load's pieces to end,
        // which runs on a thread of its own (the pool never queues), never for a pool thread.
        private void take() {
            if (holding) {
                return;
            }
            try {
                free.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a piece in flight to end", e);
            }
            holding = true;
        }
    }
}
