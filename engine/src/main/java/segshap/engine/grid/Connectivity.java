package segshap.engine.grid;

/** Which neighbours of a voxel are connected to it when finding connected components. */
public enum Connectivity {
    /** Voxels sharing a face: 6 neighbours. */
    SIX,
    /** Voxels sharing a face, an edge or a corner: 26 neighbours (the ROI default). */
    TWENTY_SIX;

    /** Whether offset (dz, dy, dx) ∈ {−1,0,1}³ \ {0} is a neighbour under this connectivity. */
    boolean isNeighbour(int dz, int dy, int dx) {
        int nonzero = (dz != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) + (dx != 0 ? 1 : 0);
        return nonzero > 0 && (this == TWENTY_SIX || nonzero == 1);
    }
}
