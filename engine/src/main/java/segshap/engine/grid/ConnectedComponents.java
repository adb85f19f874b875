package segshap.engine.grid;

import java.util.Arrays;
import java.util.Optional;
import segshap.kernels.tensor.Box;

/**
 * Connected components of the voxels carrying one label of a {@link LabelMap}.
 *
 * <p>Components are found by breadth-first flood fill with a bitset of visited voxels (one bit per voxel)
 * and a queue holding only the current component, so a full-size CT needs no per-voxel int array unless
 * {@link #labelAll} is asked for.
 */
public final class ConnectedComponents {
    private ConnectedComponents() {}

    /**
     * One connected component.
     *
     * @param shapeZyx     the grid it lives on
     * @param voxelIndices flat C-order indices of its voxels, ascending (so {@code voxelIndices[0]} is its
     *                     first voxel in z, y, x scan order); owned by the record
     * @param box          its bounding box
     */
    public record Component(int[] shapeZyx, int[] voxelIndices, Box box) {
        public Component {
            shapeZyx = shapeZyx.clone();
            voxelIndices = voxelIndices.clone();
            if (voxelIndices.length == 0) throw new IllegalArgumentException("a component has at least one voxel");
        }

        @Override
        public int[] shapeZyx() { return shapeZyx.clone(); }

        @Override
        public int[] voxelIndices() { return voxelIndices.clone(); }

        /** Number of voxels. */
        public int size() { return voxelIndices.length; }

        /** Flat index of the first voxel in scan order. */
        public int firstVoxelIndex() { return voxelIndices[0]; }
    }

    /**
     * The component of {@code targetLabel} containing voxel (z, y, x).
     *
     * @throws IllegalArgumentException if the voxel is off the grid or does not carry {@code targetLabel}
     */
    public static Component containing(LabelMap labels, int targetLabel, int z, int y, int x,
                                       Connectivity connectivity) {
        int sz = labels.sizeZ(), sy = labels.sizeY(), sx = labels.sizeX();
        if (z < 0 || z >= sz || y < 0 || y >= sy || x < 0 || x >= sx) {
            throw new IllegalArgumentException("voxel zyx (" + z + "," + y + "," + x + ") is off the grid "
                    + sz + "×" + sy + "×" + sx);
        }
        int seed = (z * sy + y) * sx + x;
        if (labels.labelAt(seed) != targetLabel) {
            throw new IllegalArgumentException("voxel zyx (" + z + "," + y + "," + x + ") has label "
                    + labels.labelAt(seed) + ", not " + targetLabel);
        }
        long[] visited = new long[bitWords(labels)];
        Queue q = new Queue();
        flood(labels, targetLabel, seed, connectivity, visited, q);
        return toComponent(labels, q);
    }

    /**
     * The largest component of {@code targetLabel}; among equally large ones, the one whose first voxel
     * comes first in z, y, x scan order. Empty when the label does not occur.
     */
    public static Optional<Component> largest(LabelMap labels, int targetLabel, Connectivity connectivity) {
        long[] visited = new long[bitWords(labels)];
        Queue q = new Queue();
        int bestSeed = -1, bestSize = 0;
        int n = labels.labels().length;
        for (int i = 0; i < n; i++) {
            if (labels.labelAt(i) != targetLabel || isSet(visited, i)) continue;
            flood(labels, targetLabel, i, connectivity, visited, q);
            if (q.size > bestSize) { // strictly larger: the earlier first voxel wins ties
                bestSize = q.size;
                bestSeed = i;
            }
        }
        if (bestSeed < 0) return Optional.empty();
        Arrays.fill(visited, 0L);
        flood(labels, targetLabel, bestSeed, connectivity, visited, q);
        return Optional.of(toComponent(labels, q));
    }

    /**
     * Component ids per voxel: 0 where the label is not {@code targetLabel}, else 1..K numbered in the scan
     * order of each component's first voxel. Needs one int per voxel.
     */
    public static int[] labelAll(LabelMap labels, int targetLabel, Connectivity connectivity) {
        int n = labels.labels().length;
        int[] ids = new int[n];
        long[] visited = new long[bitWords(labels)];
        Queue q = new Queue();
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (labels.labelAt(i) != targetLabel || isSet(visited, i)) continue;
            flood(labels, targetLabel, i, connectivity, visited, q);
            next++;
            for (int k = 0; k < q.size; k++) ids[q.items[k]] = next;
        }
        return ids;
    }

    /** Number of components of {@code targetLabel}. */
    public static int count(LabelMap labels, int targetLabel, Connectivity connectivity) {
        long[] visited = new long[bitWords(labels)];
        Queue q = new Queue();
        int count = 0;
        int n = labels.labels().length;
        for (int i = 0; i < n; i++) {
            if (labels.labelAt(i) != targetLabel || isSet(visited, i)) continue;
            flood(labels, targetLabel, i, connectivity, visited, q);
            count++;
        }
        return count;
    }

    /** Breadth-first fill from {@code seed}; afterwards {@code q.items[0..q.size)} holds the component. */
    private static void flood(LabelMap labels, int target, int seed, Connectivity connectivity, long[] visited,
                              Queue q) {
        int sz = labels.sizeZ(), sy = labels.sizeY(), sx = labels.sizeX();
        int[] lab = labels.labels();
        q.size = 0;
        q.push(seed);
        set(visited, seed);
        for (int head = 0; head < q.size; head++) {
            int v = q.items[head];
            int x = v % sx, y = (v / sx) % sy, z = v / sx / sy;
            for (int dz = -1; dz <= 1; dz++) {
                int nz = z + dz;
                if (nz < 0 || nz >= sz) continue;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= sy) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= sx || !connectivity.isNeighbour(dz, dy, dx)) continue;
                        int w = (nz * sy + ny) * sx + nx;
                        if (lab[w] == target && !isSet(visited, w)) {
                            set(visited, w);
                            q.push(w);
                        }
                    }
                }
            }
        }
    }

    private static Component toComponent(LabelMap labels, Queue q) {
        int[] idx = Arrays.copyOf(q.items, q.size);
        Arrays.sort(idx);
        int sy = labels.sizeY(), sx = labels.sizeX();
        int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE;
        int z1 = Integer.MIN_VALUE, y1 = Integer.MIN_VALUE, x1 = Integer.MIN_VALUE;
        for (int v : idx) {
            int x = v % sx, y = (v / sx) % sy, z = v / sx / sy;
            z0 = Math.min(z0, z); y0 = Math.min(y0, y); x0 = Math.min(x0, x);
            z1 = Math.max(z1, z); y1 = Math.max(y1, y); x1 = Math.max(x1, x);
        }
        return new Component(labels.shapeZyx(), idx, new Box(z0, y0, x0, z1 + 1, y1 + 1, x1 + 1));
    }

    private static int bitWords(LabelMap labels) {
        return (labels.labels().length + 63) >>> 6;
    }

    private static boolean isSet(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    /** Growable int queue reused across floods. */
    private static final class Queue {
        int[] items = new int[1024];
        int size;

        void push(int v) {
            if (size == items.length) items = Arrays.copyOf(items, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
            items[size++] = v;
        }
    }
}
