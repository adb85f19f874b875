package segshap.engine.cache;

class HeapTileCacheTest extends TileCacheContract {
    @Override
    TileCache open(long capacityBytes) {
        return new HeapTileCache(capacityBytes);
    }
}
