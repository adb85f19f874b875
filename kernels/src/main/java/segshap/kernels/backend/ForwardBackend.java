package segshap.kernels.backend;

import segshap.kernels.tensor.Box;

/**
 * Runs one nnU-Net network on tiles. Implemented by the Java CPU backend and, later, the CUDA backend;
 * the sliding window and the explanation engine see only this interface.
 *
 * <p>Weights are loaded once at construction. A backend may be used by one thread at a time unless it
 * says otherwise; it may use many threads inside {@link #forwardTiles}.
 */
public interface ForwardBackend extends AutoCloseable {

    /** The network this backend runs. */
    NetworkSpec spec();

    /**
     * Forwards {@code tileCount} tiles of shape {@code tileZyx} and writes the logits inside {@code crop}.
     *
     * @param input     {@code (tileCount, inputChannels, Z, Y, X)} from {@code inputOffset}
     * @param tileZyx   tile extent, divisible by {@link NetworkSpec#totalStrideZyx()}
     * @param tileCount number of tiles, ≥ 1
     * @param crop      region of the tile to return, in tile coordinates ({@code Box.ofShape(tileZyx)} for all)
     * @param out       {@code (tileCount, numHeads, crop.z, crop.y, crop.x)} from {@code outOffset}
     */
    void forwardTiles(float[] input, int inputOffset, int[] tileZyx, int tileCount, Box crop,
                      float[] out, int outOffset);

    /** A short human-readable name (e.g. {@code cpu(8 threads)}). */
    String describe();

    @Override
    void close();
}
