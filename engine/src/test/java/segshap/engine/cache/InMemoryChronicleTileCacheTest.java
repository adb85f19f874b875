package segshap.engine.cache;

import java.util.ArrayList;
import java.util.List;

class InMemoryChronicleTileCacheTest extends TileCacheContract {
    final List<String> notices = new ArrayList<>();

    @Override
    TileCache open(long capacityBytes) {
        return ChronicleTileCache.inMemory(capacityBytes, notices::add);
    }
}
