package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import segshap.kernels.tensor.Npy;

/**
 * Writes phantoms as {@code .npy} files for the Python training script ({@code tools/train_demo_model.py}).
 *
 * <p>Usage: {@code java -cp engine/target/classes:kernels/target/classes segshap.engine.demo.PhantomExportMain
 * <outDir> <firstSeed> <count> <DEMO|PAPER>}. For each seed s in firstSeed … firstSeed+count−1 it writes
 * {@code phantom_<s>_ct.npy} (float32 HU, (z, y, x)), {@code phantom_<s>_organs.npy} (uint8 TotalSegmentator
 * ids), {@code phantom_<s>_organs.tsv} (names of the ids present), {@code phantom_<s>_gt.npy} (uint8: 0
 * background, 1 spleen, 2 lymph nodes) and {@code phantom_<s>.json} (shape, spacing, affine). Paths of the
 * written CT files go to stdout, one per line.
 */
public final class PhantomExportMain {
    private PhantomExportMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: PhantomExportMain <outDir> <firstSeed> <count> <DEMO|PAPER>");
            System.exit(2);
        }
        Path outDir = Path.of(args[0]);
        long firstSeed;
        int count;
        try {
            firstSeed = Long.parseLong(args[1]);
            count = Integer.parseInt(args[2]);
        } catch (NumberFormatException e) {
            System.err.println("segshap: error: firstSeed and count must be integers, got '" + args[1] + "' and '" + args[2] + "'");
            System.exit(2);
            return;
        }
        PhantomGrid grid = switch (args[3].toUpperCase(Locale.ROOT)) {
            case "DEMO" -> PhantomGrid.DEMO;
            case "PAPER" -> PhantomGrid.PAPER;
            default -> {
                System.err.println("segshap: error: grid must be DEMO or PAPER, got '" + args[3] + "'");
                System.exit(2);
                yield null;
            }
        };
        if (count < 1) {
            System.err.println("segshap: error: count must be >= 1, got " + count);
            System.exit(2);
        }
        Files.createDirectories(outDir);
        for (long seed = firstSeed; seed < firstSeed + count; seed++) {
            Phantom p = PhantomGenerator.generate(seed, grid);
            String stem = "phantom_" + seed;
            Path ct = outDir.resolve(stem + "_ct.npy");
            Npy.writeFloat32(ct, p.ctHuZyx());
            Npy.writeUint8(outDir.resolve(stem + "_organs.npy"), p.organLabelsZyx());
            Npy.writeUint8(outDir.resolve(stem + "_gt.npy"), p.groundTruthZyx());
            TotalSegmentatorLabels.writeNamesTsv(outDir.resolve(stem + "_organs.tsv"), p.organLabelIdsPresent());
            String json = "{\"seed\": " + seed + ", \"grid\": \"" + args[3].toUpperCase(Locale.ROOT) + "\""
                    + ", \"shape_zyx\": " + Arrays.toString(p.ctHuZyx().shape())
                    + ", \"spacing_zyx_mm\": " + Arrays.toString(p.spacingZyxMm())
                    + ", \"affine_voxel_xyz_to_ras_mm\": " + Arrays.toString(p.affine()) + "}\n";
            Files.writeString(outDir.resolve(stem + ".json"), json, StandardCharsets.UTF_8);
            System.out.println(ct);
        }
    }
}
