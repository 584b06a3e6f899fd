package dev.nabla.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reuses the arrays of one training step in the next: the contract of step memory. While a
 * {@link Scope} is open on a thread, every CPU tensor of at least {@link #MIN_ELEMENTS} elements that
 * thread creates takes its array from this arena: one of the same type and length that an earlier step
 * handed back (zeroed, unless made by {@link Tensor#uninitialized}), or a new one. When the scope closes,
 * each such array goes back to the arena, except those of the tensors kept, which stay theirs for good:
 * those passed to {@link #keep}, and every tensor that became a gradient during the step.
 *
 * <p>Why: a JVM array is new, zeroed memory that no cache holds; a training step's batch and
 * activations (a megabyte per step for the Fashion-MNIST MLP) cost about twice as much fresh as reused
 * warm. PyTorch gets the same from its allocator, which hands freed memory back out.
 *
 * <p>Gradients: the gradient-storage contract ({@code dev.nabla.autograd.GradientSlot}) says a
 * {@code .grad} outlives its step, because the optimizer reads it after the step and the next backward
 * writes into it. The arena meets it without help from the loop: autograd calls {@link #keepInOpenStep}
 * for each tensor it makes a gradient (adopted, copied or set). {@link #keep} remains for anything else
 * a caller wants past the step; keeping a tensor twice, or one the arena did not lend, does nothing.
 *
 * <p>Safety: the storage of a tensor handed back is revoked, not just recycled. Reading or writing such
 * a tensor (or a view of it) after its step throws an {@link IllegalStateException} that says so; it
 * cannot see the next step's values. Only a raw array taken out with {@code f32()} and kept past the
 * step escapes that check. {@link Tensor#copy()} and {@link Tensor#to(Device)} make memory the arena
 * never lends. Tensors on other devices are allocated by their backend and never come from here.
 *
 * <pre>{@code
 * StepArena arena = new StepArena();
 * for (Batch b : loader) {
 *     optimizer.zeroGrad();
 *     try (StepArena.Scope step = arena.open()) {
 *         Tensor loss = lossFn.compute(model.forward(b.features()), b.targets());
 *         loss.backward();      // the parameters' gradients are kept
 *     }
 *     optimizer.step();
 * }
 * }</pre>
 *
 * <p>An arena belongs to one thread at a time; scopes nest (an inner one, of any arena, takes over
 * until it closes).
 */
public final class StepArena {
    /** Smaller arrays come from the thread's allocation buffer at about the cost of a lookup here. */
    public static final int MIN_ELEMENTS = 1024;
    /**
     * Arrays handed back beyond this many bytes are left to the garbage collector: a quarter of the heap,
     * and at least 256 MB. (A fixed 256 MB kept half of the batch-norm CNN's step at batch 256, 512 MB;
     * the rest was allocated fresh every step and training ran at half speed, half of it in GC pauses.)
     */
    private static final long MAX_POOLED_BYTES = Math.max(256L << 20, Runtime.getRuntime().maxMemory() / 4);
    private static final ThreadLocal<StepArena> CURRENT = new ThreadLocal<>();

    private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
    private final List<HeapStorage> lent = new ArrayList<>();
    private final Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private long pooledBytes;
    private Scope open;

    /** Opens a step on this thread: its large tensors come from this arena until the scope closes. */
    public Scope open() {
        if (open != null) {
            throw new IllegalStateException("StepArena: a step is already open on this arena; close it first");
        }
        open = new Scope(CURRENT.get());
        CURRENT.set(this);
        return open;
    }

    /**
     * Lets {@code t} (and its views) outlive the open step: its array is not handed back. Null, tensors
     * the arena did not lend and tensors kept already are ignored.
     */
    public void keep(Tensor t) {
        if (t != null) {
            kept.add(t.storage());
        }
    }

    /**
     * Keeps {@code t} past the step open on this thread, if there is one (as {@link #keep}): autograd
     * calls it for every tensor that becomes a gradient ({@code GradientSlot}'s contract, 4.).
     */
    public static void keepInOpenStep(Tensor t) {
        StepArena arena = CURRENT.get();
        if (arena != null) {
            arena.keep(t);
        }
    }

    /** Bytes of arrays waiting for the next step. */
    public long pooledBytes() {
        return pooledBytes;
    }

    /**
     * The storage for a new tensor: from the thread's open arena when there is one and n is large, zeroed
     * on reuse only when {@code zeroed} (see {@link Tensor#uninitialized}).
     */
    static HeapStorage allocate(DType dtype, int n, boolean zeroed) {
        StepArena arena = n >= MIN_ELEMENTS ? CURRENT.get() : null;
        return arena == null ? HeapStorage.fresh(dtype, n) : arena.lend(dtype, n, zeroed);
    }

    private HeapStorage lend(DType dtype, int n, boolean zeroed) {
        ArrayDeque<Object> q = free.get(key(dtype, n));
        Object array = q == null ? null : q.poll();
        HeapStorage s;
        if (array == null) {
            s = HeapStorage.fresh(dtype, n);
        } else {
            pooledBytes -= bytes(dtype, n);
            s = HeapStorage.wrap(array);
            if (zeroed) {
                s.fill(0);
            }
        }
        lent.add(s);
        return s;
    }

    private void handBack() {
        for (HeapStorage s : lent) {
            if (kept.contains(s)) {
                continue;
            }
            DType dtype = s.dtype();
            int n = s.length();
            Object array = s.revoke();
            if (pooledBytes + bytes(dtype, n) <= MAX_POOLED_BYTES) {
                free.computeIfAbsent(key(dtype, n), k -> new ArrayDeque<>()).push(array);
                pooledBytes += bytes(dtype, n);
            }
        }
        lent.clear();
        kept.clear();
    }

    private static long key(DType dtype, int n) {
        return (long) n << 2 | dtype.ordinal();
    }

    private static long bytes(DType dtype, int n) {
        return (long) n * (dtype == DType.FLOAT64 ? 8 : 4);
    }

    /** One open step; closing it hands the step's arrays back (all but the kept ones). */
    public final class Scope implements AutoCloseable {
        private final StepArena previous;

        private Scope(StepArena previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (open != this) {
                return;
            }
            open = null;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            handBack();
        }
    }
}
