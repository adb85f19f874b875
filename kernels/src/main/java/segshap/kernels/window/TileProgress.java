package segshap.kernels.window;

/** Receives sliding-window progress after each batch of tiles; called on the predicting thread. */
@FunctionalInterface
public interface TileProgress {
    /** Ignores progress. */
    TileProgress NONE = (done, total) -> { };

    /**
     * @param tilesDone  tiles forwarded and fused so far, 1 … total
     * @param tilesTotal tiles in the grid
     */
    void tilesDone(int tilesDone, int tilesTotal);
}
