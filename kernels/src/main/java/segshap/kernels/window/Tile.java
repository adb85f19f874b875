package segshap.kernels.window;

import segshap.kernels.tensor.Box;

/**
 * One sliding-window tile: its position in nnU-Net's tile order and its box in the padded frame.
 *
 * @param index     position in the tile order (z outer, then y, then x inner), ≥ 0
 * @param boxPadded the tile's voxels in the zero-padded volume, extent = patch size
 */
public record Tile(int index, Box boxPadded) {
    public Tile {
        if (index < 0) throw new IllegalArgumentException("tile index must be ≥ 0, got " + index);
        if (boxPadded.isEmpty()) throw new IllegalArgumentException("tile " + index + " has an empty box " + boxPadded);
    }
}
