package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import static segshap.engine.units.TotalSegmentatorLabels.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import segshap.engine.demo.Shape.Column;
import segshap.engine.demo.Shape.Ellipsoid;
import segshap.engine.demo.Shape.Region;
import segshap.engine.demo.Shape.Rotations;
import segshap.engine.demo.Shape.Tube;

/**
 * The torso of one phantom as an ordered list of solids in phantom mm (u left, v posterior, w superior),
 * drawn in list order (later solids cover earlier ones). Every size, position and intensity is drawn from
 * the seed in a fixed order; the renderer turns the list into voxels.
 *
 * <p>Levels: w = 0 is the top of the L1 vertebral body before the seed's shift of ±15 mm; the diaphragm domes
 * lie near T10, the kidneys at L1–L3, the aortic bifurcation at L4.
 */
final class Anatomy {
    /** One solid: where, which HU, which TotalSegmentator label ({@link #KEEP_LABEL} keeps the one below). */
    record Solid(String what, Shape shape, float hu, int label, boolean[] onlyOverLabels, boolean isLymphNode) {
        Solid {
            if (label != KEEP_LABEL && label != 0 && !TotalSegmentatorLabels.isValidId(label)) {
                throw new IllegalArgumentException(what + ": label " + label + " is not a TotalSegmentator class");
            }
        }
    }

    static final int KEEP_LABEL = -1;
    static final float AIR_HU = -1000f;
    /** Fewest lymph nodes a phantom gets (whole trunk; a cropped grid may show fewer). */
    static final int MIN_LYMPH_NODES = 8;

    // Fixed intensities (portal-venous CT), in HU; the organ intensities are drawn per seed below.
    private static final float BOWEL_WALL_HU = 55f;
    private static final float DIAPHRAGM_WALL_HU = 50f;
    private static final float CSF_HU = 8f;
    private static final float SPINAL_CORD_HU = 35f;

    final List<Solid> solids = new ArrayList<>();
    final double noiseSigmaHu;
    final long noiseSeed;
    final double shiftWMm;

    private final SplittableRandom rng;

    // Body and cavity (cross-section half-axes in mm).
    private double bodyA, bodyBAnt, bodyBPost, bodyCu, bodyCv, fatSubcutaneousMm, muscleWallMm;
    private double bodyWBottom, bodyWTop;
    // Spine.
    private final List<double[]> levels = new ArrayList<>(); // {wBottom, wTop, label, halfWidth, halfDepth}
    private double vBody, vCanal;
    // Diaphragm domes.
    private double domeRu, domeRv, domeRw, domeLu, domeLv, domeLw, domePeripheryW, domeReach;
    // Vessels.
    private double aortaU, aortaV, aortaR, wBifurcation, ivcU, ivcV;
    // Fat around the abdominal aorta and vena cava where the lymph node chains lie; bowel, liver and stomach
    // are kept out of it.
    private Region retroperitoneum;
    // HU draws.
    private final float fatHu, muscleHu, liverHu, spleenHu, lungHu, boneCortexHu, boneMarrowHu, nodeHu;

    private Anatomy(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        // Sub-streams split in a fixed order: intensities, anatomy, lymph nodes, noise.
        SplittableRandom huRng = root.split();
        this.rng = root.split();
        SplittableRandom nodeRng = root.split();
        SplittableRandom noiseRng = root.split();

        fatHu = (float) uni(huRng, -115, -85);
        muscleHu = (float) uni(huRng, 40, 60);
        liverHu = (float) uni(huRng, 95, 115);
        // Spleen enhances like the liver in the portal-venous phase: the model must use position and shape.
        spleenHu = liverHu + (float) uni(huRng, 0, 12);
        lungHu = (float) uni(huRng, -880, -820);
        boneCortexHu = (float) uni(huRng, 700, 900);
        boneMarrowHu = (float) uni(huRng, 180, 280);
        nodeHu = (float) uni(huRng, 60, 85);
        float kidneyCortexHu = (float) uni(huRng, 150, 190);
        float kidneyMedullaHu = kidneyCortexHu - (float) uni(huRng, 30, 60);
        float aortaHu = (float) uni(huRng, 150, 210);
        float ivcHu = (float) uni(huRng, 110, 150);
        float liverVesselHu = liverHu + (float) uni(huRng, 35, 70);
        float heartHu = (float) uni(huRng, 110, 150);
        float stomachFluidHu = (float) uni(huRng, 0, 25);
        float gallbladderHu = (float) uni(huRng, 0, 20);
        float bowelFluidHu = (float) uni(huRng, 5, 30);
        float colonContentHu = (float) uni(huRng, -700, -300);
        float ribHu = (float) uni(huRng, 450, 650);
        float discHu = (float) uni(huRng, 80, 100);
        noiseSigmaHu = uni(noiseRng, 8, 16);
        noiseSeed = noiseRng.nextLong();

        shiftWMm = uni(-15, 15);
        buildBody();
        buildSpine();
        buildDiaphragm();
        planVessels();
        addTrunkLayers();
        addLungs();
        addBowel(bowelFluidHu, colonContentHu);
        addLiver(liverVesselHu, gallbladderHu);
        addStomach(stomachFluidHu);
        addSpleen();
        addPsoasAndBackMuscles();
        addKidneys(kidneyCortexHu, kidneyMedullaHu);
        addHeart(heartHu);
        addVessels(aortaHu, ivcHu);
        addVertebrae(discHu);
        addRibsAndSternum(ribHu);
        addLymphNodes(nodeRng);
    }

    static Anatomy of(long seed) {
        return new Anatomy(seed);
    }

    // ---------------------------------------------------------------- body, spine levels, diaphragm

    private void buildBody() {
        bodyA = uni(140, 170);
        bodyBAnt = uni(105, 125);
        bodyBPost = uni(95, 110);
        bodyCu = uni(-5, 5);
        bodyCv = uni(-8, 8);
        fatSubcutaneousMm = uni(12, 35);
        muscleWallMm = uni(8, 14);
    }

    private double bodyHalfWidth(double w) {
        double neck = w > bodyWTop - 120 ? 0.45 : 1.0; // the neck above the shoulders
        return bodyA * neck * (1 + 0.04 * StrictMath.sin((w - shiftWMm) / 90.0));
    }

    private double bodyHalfDepth(double w, boolean anterior) {
        double neck = w > bodyWTop - 120 ? 0.6 : 1.0;
        return (anterior ? bodyBAnt : bodyBPost) * neck;
    }

    private double cavityHalfWidth(double w) {
        return bodyHalfWidth(w) - fatSubcutaneousMm - muscleWallMm;
    }

    private double cavityHalfDepth(double w, boolean anterior) {
        return bodyHalfDepth(w, anterior) - (anterior ? fatSubcutaneousMm : 0.6 * fatSubcutaneousMm) - muscleWallMm;
    }

    private Column body() {
        return new Column(bodyWBottom, bodyWTop, w -> bodyCu, w -> bodyCv, this::bodyHalfWidth,
                w -> bodyHalfDepth(w, true), w -> bodyHalfDepth(w, false), 2.2);
    }

    private Column cavity() {
        return new Column(bodyWBottom, bodyWTop, w -> bodyCu, w -> bodyCv, this::cavityHalfWidth,
                w -> cavityHalfDepth(w, true), w -> cavityHalfDepth(w, false), 2.2);
    }

    /** Vertebral levels from L5 up to C1, each {wBottom, wTop, label, halfWidth, halfDepth} of its body. */
    private void buildSpine() {
        double scale = uni(0.92, 1.08);
        TotalSegmentatorLabels[] lumbar = {VERTEBRAE_L1, VERTEBRAE_L2, VERTEBRAE_L3, VERTEBRAE_L4, VERTEBRAE_L5};
        double top = shiftWMm;
        List<double[]> down = new ArrayList<>();
        for (TotalSegmentatorLabels l : lumbar) {
            double h = uni(26, 30) * scale;
            down.add(new double[] {top - h, top, l.id(), 24 * scale, 17 * scale});
            top -= h + uni(8, 11) * scale;
        }
        for (int i = down.size() - 1; i >= 0; i--) levels.add(down.get(i));
        double bottom = shiftWMm + uni(5, 7) * scale; // T12/L1 disc
        TotalSegmentatorLabels[] upper = {VERTEBRAE_T12, VERTEBRAE_T11, VERTEBRAE_T10, VERTEBRAE_T9, VERTEBRAE_T8,
            VERTEBRAE_T7, VERTEBRAE_T6, VERTEBRAE_T5, VERTEBRAE_T4, VERTEBRAE_T3, VERTEBRAE_T2, VERTEBRAE_T1,
            VERTEBRAE_C7, VERTEBRAE_C6, VERTEBRAE_C5, VERTEBRAE_C4, VERTEBRAE_C3, VERTEBRAE_C2, VERTEBRAE_C1};
        for (TotalSegmentatorLabels l : upper) {
            boolean cervical = l.labelName().startsWith("vertebrae_C");
            double h = (cervical ? uni(13, 15) : uni(20, 24)) * scale;
            double halfWidth = (cervical ? 10 : 17 + 0.5 * (12 - thoracicIndex(l))) * scale;
            double halfDepth = (cervical ? 8 : 13 + 0.3 * (12 - thoracicIndex(l))) * scale;
            levels.add(new double[] {bottom, bottom + h, l.id(), halfWidth, halfDepth});
            bottom += h + (cervical ? uni(3.5, 4.5) : uni(4, 6)) * scale;
        }
        // The trunk ends 150 mm below L5 (pelvis) and above C1 (head not drawn).
        bodyWBottom = levels.get(0)[0] - 150;
        bodyWTop = levels.get(levels.size() - 1)[1] + 30;
        vCanal = bodyCv + bodyBPost - 0.6 * fatSubcutaneousMm - uni(50, 60);
        // The vertebral bodies sit anterior to the canal with a fixed gap for the pedicles.
        vBody = vCanal - 12 - level(VERTEBRAE_L3)[4];
    }

    private static int thoracicIndex(TotalSegmentatorLabels l) {
        return Integer.parseInt(l.labelName().substring("vertebrae_T".length()));
    }

    private double[] level(TotalSegmentatorLabels l) {
        for (double[] lv : levels) if ((int) lv[2] == l.id()) return lv;
        throw new IllegalStateException("no level " + l);
    }

    private double levelMid(TotalSegmentatorLabels l) {
        double[] lv = level(l);
        return 0.5 * (lv[0] + lv[1]);
    }

    private void buildDiaphragm() {
        double halfWidth = cavityHalfWidth(shiftWMm + 100);
        domeRu = bodyCu - uni(0.4, 0.5) * halfWidth;
        domeLu = bodyCu + uni(0.4, 0.5) * halfWidth;
        domeRv = bodyCv + uni(-10, 10);
        domeLv = bodyCv + uni(-10, 10);
        domeRw = shiftWMm + uni(95, 120);
        domeLw = domeRw - uni(8, 25);
        // Flat-topped domes (cubic fall-off) whose costophrenic recesses reach down to about L1 at the walls.
        domePeripheryW = shiftWMm + uni(-5, 15);
        domeReach = uni(0.7, 0.8) * halfWidth;
    }

    /** Height of the diaphragm's upper surface above (u, v): the higher of the two domes. */
    private double diaphragmW(double u, double v) {
        return Math.max(dome(u - domeRu, v - domeRv, domeRw), dome(u - domeLu, v - domeLv, domeLw));
    }

    private double dome(double du, double dv, double topW) {
        double dvScaled = dv * (dv > 0 ? 1.15 : 0.9); // the posterior recess is deeper than the anterior one
        double r = Math.sqrt(du * du + dvScaled * dvScaled) / domeReach;
        return topW - (topW - domePeripheryW) * r * r * r;
    }

    private Region belowDiaphragm(double marginMm) {
        return (u, v, w) -> w < diaphragmW(u, v) - marginMm;
    }

    private Region aboveDiaphragm() {
        return (u, v, w) -> w > diaphragmW(u, v);
    }

    // ---------------------------------------------------------------- solids

    private void addTrunkLayers() {
        add("subcutaneous fat", body(), fatHu, 0);
        Column wall = new Column(bodyWBottom, bodyWTop, w -> bodyCu, w -> bodyCv,
                w -> bodyHalfWidth(w) - fatSubcutaneousMm, w -> bodyHalfDepth(w, true) - fatSubcutaneousMm,
                w -> bodyHalfDepth(w, false) - 0.6 * fatSubcutaneousMm, 2.2);
        add("muscle wall", wall, muscleHu, 0);
        add("visceral fat", cavity(), fatHu + 5, 0);
        add("diaphragm", cavity().and((u, v, w) -> w > diaphragmW(u, v) - 4), DIAPHRAGM_WALL_HU, 0);
    }

    private void addLungs() {
        double apexW = level(VERTEBRAE_T1)[1] + 25;
        double fissureSlope = uni(1.0, 1.4); // oblique fissure: dw/dv, rising towards posterior
        double fissureW0 = Math.max(domeRw, domeLw) - uni(20, 40);
        double fissureV0 = bodyCv - cavityHalfDepth(shiftWMm + 100, true);
        double horizontalFissureW = level(VERTEBRAE_T4)[0];
        Shape thorax = cavity().and(aboveDiaphragm()).and((u, v, w) -> w < apexW);
        Region lower = (u, v, w) -> w < fissureW0 + (v - fissureV0) * fissureSlope;
        Region upperOrMiddle = (u, v, w) -> !lower.contains(u, v, w);
        Region left = (u, v, w) -> u > bodyCu;
        Region right = (u, v, w) -> u <= bodyCu;
        add("left lower lobe", thorax.and(left).and(lower), lungHu, LUNG_LOWER_LOBE_LEFT.id());
        add("left upper lobe", thorax.and(left).and(upperOrMiddle), lungHu, LUNG_UPPER_LOBE_LEFT.id());
        add("right lower lobe", thorax.and(right).and(lower), lungHu, LUNG_LOWER_LOBE_RIGHT.id());
        add("right middle lobe", thorax.and(right).and(upperOrMiddle).and((u, v, w) -> w < horizontalFissureW),
                lungHu, LUNG_MIDDLE_LOBE_RIGHT.id());
        add("right upper lobe", thorax.and(right).and(upperOrMiddle).and((u, v, w) -> w >= horizontalFissureW),
                lungHu, LUNG_UPPER_LOBE_RIGHT.id());
        // Pulmonary vessels as short bright tubes keep the lungs from looking like flat air.
        boolean[] lungs = labelSet(LUNG_LOWER_LOBE_LEFT, LUNG_UPPER_LOBE_LEFT, LUNG_LOWER_LOBE_RIGHT,
                LUNG_MIDDLE_LOBE_RIGHT, LUNG_UPPER_LOBE_RIGHT);
        for (int i = 0; i < 40; i++) {
            double side = i % 2 == 0 ? 1 : -1;
            double u = bodyCu + side * uni(25, 0.85 * cavityHalfWidth(domeRw));
            double v = bodyCv + uni(-60, 60);
            double w = uni(domeLw - 60, Math.min(apexW, domeRw + 200));
            double[] pts = {u, v, w, u + side * uni(5, 25), v + uni(-20, 20), w + uni(-25, 25)};
            solids.add(new Solid("lung vessel", new Tube(pts, uni(1.5, 3)), 40f, KEEP_LABEL, lungs, false));
        }
        Shape mediastinum = cavity().and(aboveDiaphragm()).and((u, v, w) -> Math.abs(u - bodyCu) < 14 && v < vCanal - 20);
        add("mediastinal fat", mediastinum, fatHu + 10, 0);
    }

    private void addBowel(float fluidHu, float colonContentHu) {
        double aCav = cavityHalfWidth(shiftWMm - 100);
        double bAnt = cavityHalfDepth(shiftWMm - 100, true);
        Shape cavity = cavity().and(belowDiaphragm(6)).minus(retroperitoneum);
        boolean[] free = labelSet();
        // Loops stay in front of the retroperitoneum (aorta, vena cava and their nodes).
        double maxV = vBody - level(VERTEBRAE_L3)[4] - 60;
        for (int loop = 0, n = 6 + rng.nextInt(4); loop < n; loop++) {
            double[] pts = new double[15];
            double u = uni(-0.45, 0.45) * aCav, v = Math.min(maxV, bodyCv - uni(0.2, 0.6) * bAnt), w = shiftWMm - uni(80, 190);
            for (int k = 0; k < 5; k++) {
                pts[3 * k] = u;
                pts[3 * k + 1] = v;
                pts[3 * k + 2] = w;
                u = clamp(u + uni(-30, 30), -0.5 * aCav, 0.5 * aCav);
                v = clamp(v + uni(-20, 20), bodyCv - 0.8 * bAnt, maxV);
                w = clamp(w + uni(-25, 25), shiftWMm - 200, shiftWMm - 60);
            }
            double r = uni(10, 13);
            solids.add(new Solid("small bowel wall", new Tube(pts, r).and(cavity), BOWEL_WALL_HU, SMALL_BOWEL.id(), free, false));
            add("small bowel lumen", new Tube(pts, r - 2.5).and(cavity), fluidHu, SMALL_BOWEL.id());
        }
        double r = uni(18, 24);
        double side = aCav - r - 8;
        double[] colon = {
            bodyCu - side, bodyCv + uni(-5, 15), shiftWMm - 230,
            bodyCu - side, bodyCv + uni(-5, 10), shiftWMm - 75,
            bodyCu - side + 20, bodyCv - 0.4 * bAnt, shiftWMm - uni(55, 70),
            bodyCu, bodyCv - bAnt + r + 12, shiftWMm - uni(70, 100),
            bodyCu + side - 15, bodyCv - 0.3 * bAnt, shiftWMm - uni(15, 30),
            bodyCu + side, bodyCv + uni(0, 15), shiftWMm - uni(35, 45),
            bodyCu + side, bodyCv + uni(0, 15), shiftWMm - 230,
        };
        add("colon wall", new Tube(colon, r).and(cavity), BOWEL_WALL_HU, COLON.id());
        add("colon content", new Tube(colon, r - 3).and(cavity), colonContentHu, COLON.id());
    }

    private void addLiver(float vesselHu, float gallbladderHu) {
        double u = bodyCu - uni(60, 75), v = bodyCv + uni(-20, 0), w = shiftWMm + uni(15, 35);
        double a = uni(75, 90), b = uni(80, 95), c = uni(85, 105);
        // Tilted so that the right lobe's inferior tip lies lateral.
        Ellipsoid main = new Ellipsoid(u, v, w, a, b, c, Rotations.aboutV(uni(0.2, 0.4)));
        double bAnt = cavityHalfDepth(w, true);
        Ellipsoid leftLobe = new Ellipsoid(bodyCu + uni(5, 30), bodyCv - 0.45 * bAnt, w + 30,
                uni(45, 65), uni(28, 38), uni(35, 50), Rotations.aboutW(uni(-0.3, 0.1)));
        Shape liver = main.or(leftLobe).and(cavity()).and(belowDiaphragm(5)).minus(retroperitoneum);
        add("liver", liver, liverHu, LIVER.id());
        boolean[] inLiver = labelSet(LIVER);
        double[] hilum = {u + 0.35 * a, v + 5, w - 0.2 * c};
        for (int i = 0; i < 6; i++) {
            // Portal branches fan out from the hilum; hepatic veins converge towards the dome.
            double[] from = i < 4 ? hilum : new double[] {u + 0.45 * a, v + 0.3 * b, w + 0.55 * c};
            double th = uni(0, 2 * Math.PI), ph = uni(-0.8, 0.8);
            double len = uni(0.5, 0.8);
            double[] pts = {from[0], from[1], from[2],
                from[0] + len * a * StrictMath.cos(th) * StrictMath.cos(ph), from[1] + len * b * StrictMath.sin(th) * StrictMath.cos(ph),
                from[2] + len * c * StrictMath.sin(ph)};
            solids.add(new Solid("liver vessel", new Tube(pts, uni(3, 5.5)), vesselHu, LIVER.id(), inLiver, false));
        }
        Ellipsoid gallbladder = new Ellipsoid(u + uni(25, 40), bodyCv - 0.4 * bAnt, w - uni(35, 55),
                uni(12, 16), uni(12, 16), uni(25, 35), Rotations.aboutU(uni(-0.5, -0.2)));
        add("gallbladder", gallbladder.and(cavity()).minus(retroperitoneum), gallbladderHu, GALLBLADDER.id());
    }

    private void addStomach(float fluidHu) {
        double s = uni(0.85, 1.15);
        double uF = bodyCu + uni(40, 60), vF = bodyCv + uni(-15, 5), wF = domeLw - uni(28, 38);
        double bAnt = cavityHalfDepth(wF, true);
        double[][] parts = { // centre u, v, w, semi-axes a, b, c, rotation about u, rotation about w
            {uF, vF, wF, 35 * s, 32 * s, 32 * s, 0, 0},
            {uF - 5, vF - 35, wF - 45, 32 * s, 28 * s, 45 * s, 0.35, 0},
            {bodyCu + uni(-5, 15), bodyCv - 0.65 * bAnt + 10, wF - 85, 38 * s, 20 * s, 20 * s, 0, -0.25},
        };
        Shape outer = null, lumen = null;
        double vMin = Double.MAX_VALUE;
        for (double[] p : parts) {
            double[] rot = Rotations.times(Rotations.aboutW(p[7]), Rotations.aboutU(p[6]));
            Shape o = new Ellipsoid(p[0], p[1], p[2], p[3], p[4], p[5], rot);
            Shape l = new Ellipsoid(p[0], p[1], p[2], p[3] - 4, p[4] - 4, p[5] - 4, rot);
            outer = outer == null ? o : outer.or(o);
            lumen = lumen == null ? l : lumen.or(l);
            vMin = Math.min(vMin, p[1] - p[4]);
        }
        Shape clip = cavity().and(belowDiaphragm(5)).minus(retroperitoneum);
        add("stomach wall", outer.and(clip), BOWEL_WALL_HU, STOMACH.id());
        add("stomach fluid", lumen.and(clip), fluidHu, STOMACH.id());
        // Supine patient: gas rises to the anterior part of the lumen.
        double gasLevelV = vMin + uni(8, 22);
        add("stomach gas", lumen.and(clip).and((u, v, w) -> v < gasLevelV), -950f, STOMACH.id());
    }

    private void addSpleen() {
        double w = shiftWMm + uni(30, 50);
        double u = bodyCu + uni(0.62, 0.72) * cavityHalfWidth(w), v = bodyCv + uni(25, 45);
        double thick = uni(18, 25), width = uni(32, 42), length = uni(45, 60);
        double toward = StrictMath.atan2(v - bodyCv, u - bodyCu); // direction from the body axis to the spleen
        double[] rot = Rotations.times(Rotations.aboutW(toward), Rotations.aboutU(uni(-0.5, -0.2)));
        Ellipsoid body = new Ellipsoid(u, v, w, thick, width, length, rot);
        // The visceral (hilar) surface is concave: cut a displaced ellipsoid from the medial side.
        double off = 1.3 * thick;
        Ellipsoid hilum = new Ellipsoid(u - off * StrictMath.cos(toward), v - off * StrictMath.sin(toward), w,
                thick, 0.7 * width, 0.7 * length, rot);
        add("spleen", body.minus(hilum).and(cavity()).and(belowDiaphragm(5)), spleenHu, SPLEEN.id());
    }

    private void addPsoasAndBackMuscles() {
        double top = levelMid(VERTEBRAE_T12), l5 = level(VERTEBRAE_L5)[0];
        double[] l3 = level(VERTEBRAE_L3);
        double halfWidth = l3[3];
        double maxR = uni(17, 24);
        for (int side : new int[] {1, -1}) {
            double grow = top - l5;
            Column psoas = new Column(bodyWBottom + 40, top,
                    w -> bodyCu + side * (halfWidth + 2 + psoasRadius(w, top, grow, maxR)),
                    w -> vBody + 4 + 0.3 * psoasRadius(w, top, grow, maxR),
                    w -> psoasRadius(w, top, grow, maxR), w -> psoasRadius(w, top, grow, maxR),
                    w -> psoasRadius(w, top, grow, maxR), 2);
            add(side > 0 ? "left psoas" : "right psoas", psoas, muscleHu + 3,
                    side > 0 ? ILIOPSOAS_LEFT.id() : ILIOPSOAS_RIGHT.id());
        }
        double lumbarTop = levelMid(VERTEBRAE_T12);
        for (int side : new int[] {1, -1}) {
            Column back = new Column(bodyWBottom + 60, level(VERTEBRAE_C7)[1],
                    w -> bodyCu + side * (w < lumbarTop ? 30 : 24),
                    w -> vCanal + 20, w -> w < lumbarTop ? 24 : 18, w -> 17, w -> 20, 2.4);
            add(side > 0 ? "left autochthon" : "right autochthon", back, muscleHu,
                    side > 0 ? AUTOCHTHON_LEFT.id() : AUTOCHTHON_RIGHT.id());
        }
    }

    private static double psoasRadius(double w, double top, double grow, double maxR) {
        double f = clamp((top - w) / grow, 0, 1.3);
        return 6 + (maxR - 6) * Math.min(1, f);
    }

    private void addKidneys(float cortexHu, float medullaHu) {
        double wLeft = shiftWMm + uni(-45, -25);
        for (int side : new int[] {1, -1}) {
            double w = side > 0 ? wLeft : wLeft - uni(10, 25);
            double u = bodyCu + side * uni(70, 82), v = vBody + uni(8, 22);
            double s = uni(0.9, 1.1);
            double[] rot = Rotations.times(Rotations.aboutV(side * uni(0.15, 0.3)),
                    Rotations.times(Rotations.aboutW(side * uni(0.3, 0.6)), Rotations.aboutU(uni(-0.3, -0.1))));
            int label = side > 0 ? KIDNEY_LEFT.id() : KIDNEY_RIGHT.id();
            add(side > 0 ? "left kidney" : "right kidney",
                    new Ellipsoid(u, v, w, 26 * s, 22 * s, 55 * s, rot).and(cavity()), cortexHu, label);
            add("renal medulla", new Ellipsoid(u, v, w, 16 * s, 13 * s, 40 * s, rot).and(cavity()), medullaHu, label);
        }
    }

    private void addHeart(float heartHu) {
        double centralW = Math.min(domeRw, domeLw) - 10;
        Ellipsoid heart = new Ellipsoid(bodyCu + uni(10, 25), bodyCv - 0.3 * cavityHalfDepth(centralW, true),
                centralW + uni(45, 60), uni(55, 65), uni(42, 50), uni(50, 60), Rotations.aboutW(uni(-0.6, -0.3)));
        add("heart", heart.and(cavity()).and(aboveDiaphragm()), heartHu, HEART.id());
    }

    /** Aorta and vena cava positions, needed before the organs so these keep the retroperitoneum free. */
    private void planVessels() {
        double[] l3 = level(VERTEBRAE_L3);
        aortaR = uni(10, 13);
        aortaU = bodyCu + uni(10, 22);
        aortaV = vBody - l3[4] - aortaR - uni(3, 6);
        double[] l4 = level(VERTEBRAE_L4);
        wBifurcation = 0.5 * (l4[0] + l4[1]) + uni(-10, 10);
        ivcU = bodyCu - uni(18, 28);
        ivcV = aortaV + uni(-4, 2);
        // An elliptic corridor around both vessels with a rounded top at T12.
        double top = level(VERTEBRAE_L1)[1] + 45, taper = 40;
        double cu = 0.5 * (ivcU + aortaU), cv = aortaV + 8;
        double a0 = 0.5 * (aortaU - ivcU) + aortaR + 26, b0 = aortaR + 24;
        retroperitoneum = (u, v, w) -> {
            if (w >= top) return false;
            double f = w < top - taper ? 1 : Math.sqrt(1 - StrictMath.pow((w - (top - taper)) / taper, 2));
            double du = (u - cu) / (a0 * f), dv = (v - cv) / (b0 * f);
            return du * du + dv * dv <= 1;
        };
    }

    private void addVessels(float aortaHu, float ivcHu) {
        double t4 = levelMid(VERTEBRAE_T4);
        double thoracicU = bodyCu + uni(30, 36), thoracicV = vBody - 8;
        List<Double> path = new ArrayList<>();
        for (double w = wBifurcation; w <= t4; w += 10) {
            double f = clamp((w - (shiftWMm + 30)) / 60, 0, 1); // crosses the hiatus behind the crura
            path.add(aortaU + f * (thoracicU - aortaU));
            path.add(aortaV + f * (thoracicV - aortaV));
            path.add(w);
        }
        // Arch and ascending aorta (only inside whole-body grids).
        double[] arch = {bodyCu + 10, vBody - 45, t4 + 25, bodyCu - 5, vBody - 75, t4 + 15,
            bodyCu - 8, vBody - 85, t4 - 40};
        for (double x : arch) path.add(x);
        add("aorta", new Tube(toArray(path), aortaR), aortaHu, AORTA.id());
        for (int side : new int[] {1, -1}) {
            double[] pts = {aortaU, aortaV, wBifurcation + 5,
                aortaU + side * uni(25, 35), aortaV + 10, wBifurcation - 50,
                aortaU + side * uni(55, 70), aortaV + 25, wBifurcation - 130};
            add(side > 0 ? "left iliac artery" : "right iliac artery", new Tube(pts, uni(6, 7.5)), aortaHu,
                    side > 0 ? ILIAC_ARTERY_LEFT.id() : ILIAC_ARTERY_RIGHT.id());
        }
        double wConfluence = wBifurcation - 15;
        double intoLiverW = shiftWMm + 40;
        double ivcTopW = domeRw + 5;
        Column ivc = new Column(wConfluence, ivcTopW,
                w -> ivcU - 8 * clamp((w - intoLiverW) / 60, 0, 1),
                w -> ivcV - 30 * clamp((w - intoLiverW) / 60, 0, 1),
                w -> 13, w -> 9, w -> 9, 2);
        add("inferior vena cava", ivc, ivcHu, INFERIOR_VENA_CAVA.id());
        for (int side : new int[] {1, -1}) {
            double[] pts = {ivcU, ivcV + 2, wConfluence + 3,
                ivcU + side * uni(30, 40) + (side > 0 ? 15 : 0), ivcV + 18, wConfluence - 50,
                bodyCu + side * uni(55, 65), ivcV + 32, wConfluence - 130};
            add(side > 0 ? "left iliac vein" : "right iliac vein", new Tube(pts, uni(7, 9)), ivcHu,
                    side > 0 ? ILIAC_VENA_LEFT.id() : ILIAC_VENA_RIGHT.id());
        }
    }

    private void addVertebrae(float discHu) {
        double[] first = levels.get(0), last = levels.get(levels.size() - 1);
        // Discs fill the space between bodies.
        for (double[] lv : levels) {
            double halfWidth = lv[3], halfDepth = lv[4];
            double vb = vCanal - 12 - halfDepth;
            double next = nextLevelBottom(lv);
            if (next > lv[1]) {
                add("disc", Column.cylinder(lv[1], next, bodyCu, vb, halfWidth - 1, halfDepth - 1), discHu, 0);
            }
        }
        Ellipsoid sacrum = new Ellipsoid(bodyCu, vCanal + 5, first[0] - 55, 45, 22, 55, Rotations.aboutU(0.6));
        add("sacrum", sacrum.and(body()), boneMarrowHu + 60, SACRUM.id());
        for (double[] lv : levels) {
            int label = (int) lv[2];
            double w0 = lv[0], w1 = lv[1], mid = 0.5 * (w0 + w1), h = w1 - w0;
            double halfWidth = lv[3], halfDepth = lv[4];
            double vb = vCanal - 12 - halfDepth;
            boolean cervical = halfWidth < 12;
            // Posterior arch: pedicles and laminae as a ring around the canal, then the processes.
            double ringR = cervical ? 12 : 15.5;
            Shape ring = Column.cylinder(w0 + 0.15 * h, w1 - 0.1 * h, bodyCu, vCanal, ringR, ringR);
            add("vertebral arch", ring, 0.5f * (boneCortexHu + boneMarrowHu), label);
            double spinous = cervical ? 22 : (label >= VERTEBRAE_T12.id() ? 30 : 38);
            double[] sp = {bodyCu, vCanal + ringR - 2, mid, bodyCu, vCanal + ringR + spinous, mid - (cervical ? 5 : 14)};
            add("spinous process", new Tube(sp, cervical ? 3 : 4.5), 0.5f * (boneCortexHu + boneMarrowHu), label);
            double transverse = cervical ? 22 : (label >= VERTEBRAE_T12.id() ? 38 : 28);
            for (int side : new int[] {1, -1}) {
                double[] tp = {bodyCu + side * 8, vCanal - 3, mid, bodyCu + side * transverse, vCanal + 2, mid + 2};
                add("transverse process", new Tube(tp, cervical ? 3 : 4.5), 0.5f * (boneCortexHu + boneMarrowHu), label);
            }
            add("vertebral body cortex", Column.cylinder(w0, w1, bodyCu, vb, halfWidth, halfDepth), boneCortexHu, label);
            add("vertebral body marrow", Column.cylinder(w0 + 1.5, w1 - 1.5, bodyCu, vb, halfWidth - 2.2, halfDepth - 2.2),
                    boneMarrowHu, label);
        }
        double canalR = uni(8, 9.5);
        add("spinal canal", Column.cylinder(first[0] - 20, last[1], bodyCu, vCanal, canalR, canalR), CSF_HU, 0);
        add("spinal cord", Column.cylinder(level(VERTEBRAE_L1)[0], last[1], bodyCu, vCanal + 1, 5, 4.5), SPINAL_CORD_HU,
                SPINAL_CORD.id());
    }

    private double nextLevelBottom(double[] lv) {
        int i = levels.indexOf(lv);
        return i + 1 < levels.size() ? levels.get(i + 1)[0] : lv[1];
    }

    private void addRibsAndSternum(float ribHu) {
        TotalSegmentatorLabels[] thoracic = {VERTEBRAE_T1, VERTEBRAE_T2, VERTEBRAE_T3, VERTEBRAE_T4, VERTEBRAE_T5,
            VERTEBRAE_T6, VERTEBRAE_T7, VERTEBRAE_T8, VERTEBRAE_T9, VERTEBRAE_T10, VERTEBRAE_T11, VERTEBRAE_T12};
        double[] endDeg = {160, 160, 160, 160, 160, 160, 158, 150, 140, 130, 100, 75};
        double radius = uni(4.5, 5.5);
        for (int i = 0; i < 12; i++) {
            double w0 = levelMid(thoracic[i]);
            double drop = i < 3 ? uni(30, 50) : (i < 10 ? uni(80, 110) : uni(35, 50));
            for (int side : new int[] {1, -1}) {
                int n = 16;
                double[] pts = new double[3 * (n + 1)];
                pts[0] = bodyCu + side * 12;
                pts[1] = vCanal - 6;
                pts[2] = w0;
                double phi0 = StrictMath.toRadians(30), phi1 = StrictMath.toRadians(endDeg[i] + uni(-5, 5));
                for (int k = 0; k < n; k++) {
                    double f = k / (double) (n - 1);
                    double phi = phi0 + f * (phi1 - phi0);
                    double w = w0 - drop * StrictMath.pow(f, 1.2);
                    double a = bodyHalfWidth(w) - fatSubcutaneousMm - 0.5 * muscleWallMm;
                    double bPost = bodyHalfDepth(w, false) - 0.6 * fatSubcutaneousMm - 0.5 * muscleWallMm;
                    double bAnt = bodyHalfDepth(w, true) - fatSubcutaneousMm - 0.5 * muscleWallMm;
                    double c = StrictMath.cos(phi);
                    pts[3 * k + 3] = bodyCu + side * a * StrictMath.sin(phi);
                    pts[3 * k + 4] = bodyCv + (c >= 0 ? bPost : bAnt) * c;
                    pts[3 * k + 5] = w;
                }
                TotalSegmentatorLabels rib = TotalSegmentatorLabels.fromName((side > 0 ? "rib_left_" : "rib_right_") + (i + 1));
                add(rib.labelName(), new Tube(pts, radius), ribHu, rib.id());
            }
        }
        double top = level(VERTEBRAE_T3)[1], bottom = levelMid(VERTEBRAE_T10);
        Column sternum = new Column(bottom, top, w -> bodyCu,
                w -> bodyCv - bodyHalfDepth(w, true) + fatSubcutaneousMm + 0.5 * muscleWallMm,
                w -> 14, w -> 5, w -> 5, 2);
        add("sternum", sternum, 0.5f * (boneCortexHu + boneMarrowHu), STERNUM.id());
    }

    // ---------------------------------------------------------------- lymph nodes

    /**
     * Chains of lymph nodes in the retroperitoneal fat next to the aorta, the inferior vena cava and the
     * iliac arteries (para-aortic, paracaval, interaortocaval, common iliac, coeliac). They are drawn only
     * over background (fat), so the organ map never contains them.
     */
    private void addLymphNodes(SplittableRandom r) {
        double l1Top = level(VERTEBRAE_L1)[1];
        int placed = 0;
        int left = 3 + r.nextInt(3), right = 2 + r.nextInt(2), between = 1 + r.nextInt(2), iliac = 1 + r.nextInt(2),
                coeliac = 1 + r.nextInt(2);
        for (int i = 0; i < left; i++) {
            placed += paraAorticNode(r, (i + uni(r, 0.2, 0.8)) / left, l1Top);
        }
        for (int i = 0; i < right; i++) {
            double w = lerp(wBifurcation, l1Top - 10, (i + uni(r, 0.2, 0.8)) / right);
            double[] s = nodeSemiAxes(r);
            placed += node(r, ivcU - 13 - uni(r, 1, 4) - s[0], ivcV + uni(r, 0, 12), w, s);
        }
        for (int i = 0; i < between; i++) {
            double[] s = {uni(r, 4, 5), uni(r, 4.5, 6), uni(r, 6, 9)};
            placed += node(r, 0.5 * (aortaU - aortaR + ivcU + 13), 0.5 * (aortaV + ivcV) + uni(r, 6, 12),
                    uni(r, wBifurcation + 15, l1Top - 20), s);
        }
        for (int side : new int[] {1, -1}) {
            for (int i = 0; i < iliac; i++) {
                // Along the common and external iliac artery, in the fat in front of it.
                double t = uni(r, 0.25, 0.8);
                double[] s = nodeSemiAxes(r);
                double u = aortaU + side * t * 62, v = aortaV + 25 * t, w = wBifurcation - 130 * t;
                placed += node(r, u + side * uni(r, -4, 4), v - 7 - uni(r, 1, 3) - s[1], w, s);
            }
        }
        for (int i = 0; i < coeliac; i++) {
            double[] s = nodeSemiAxes(r);
            placed += node(r, aortaU + uni(r, -12, 8), aortaV - aortaR - uni(r, 2, 5) - s[1], l1Top + uni(r, 5, 30), s);
        }
        // Every phantom gets at least MIN_LYMPH_NODES nodes: top up along the left para-aortic chain.
        for (int extra = 0; placed < MIN_LYMPH_NODES && extra < 40; extra++) {
            placed += paraAorticNode(r, uni(r, 0, 1), l1Top);
        }
    }

    private int paraAorticNode(SplittableRandom r, double fraction, double l1Top) {
        double w = lerp(wBifurcation + 8, l1Top + 5, fraction);
        double[] s = nodeSemiAxes(r);
        return node(r, aortaU + aortaR + uni(r, 1, 4) + s[0], aortaV + uni(r, -0.5 * aortaR, aortaR), w, s);
    }

    private static double[] nodeSemiAxes(SplittableRandom r) {
        double inPlane = uni(r, 4.5, 9); // 9–18 mm short-axis diameter
        return new double[] {inPlane, inPlane * uni(r, 0.8, 1.1), inPlane * uni(r, 1.0, 1.6)};
    }

    /**
     * Adds a node near (u, v, w) where it lies in fat: up to 20 tries with the centre moved by a growing
     * amount (up to ±12 mm), accepting the first position where no labelled solid covers the centre or any of
     * 26 probe points on the node's surface enlarged by 15 %. A node that finds no such place is left out, so
     * no node is a sliver cut by an organ. Returns the number of nodes added (0 or 1).
     */
    private int node(SplittableRandom r, double u, double v, double w, double[] semi) {
        double[] rot = Rotations.aboutW(uni(r, -0.6, 0.6));
        float hu = nodeHu + (float) uni(r, -5, 5);
        for (int attempt = 0; attempt < 20; attempt++) {
            double jitter = 0.6 * attempt;
            double cu = u + uni(r, -jitter, jitter), cv = v + uni(r, -jitter, jitter), cw = w + uni(r, -jitter, jitter);
            if (isInFat(cu, cv, cw, semi)) {
                solids.add(new Solid("lymph node", new Ellipsoid(cu, cv, cw, semi[0], semi[1], semi[2], rot), hu,
                        KEEP_LABEL, labelSet(), true));
                return 1;
            }
        }
        return 0;
    }

    private boolean isInFat(double u, double v, double w, double[] semi) {
        Column cavity = cavity();
        for (int i = -1; i <= 1; i++) {
            for (int j = -1; j <= 1; j++) {
                for (int k = -1; k <= 1; k++) {
                    double norm = Math.sqrt(i * i + j * j + k * k);
                    double f = norm == 0 ? 0 : 1.15 / norm;
                    double pu = u + f * i * semi[0], pv = v + f * j * semi[1], pw = w + f * k * semi[2];
                    if (!cavity.contains(pu, pv, pw)) return false;
                    for (Solid s : solids) {
                        if (s.label() > 0 && s.shape().contains(pu, pv, pw)) return false;
                    }
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private void add(String what, Shape shape, float hu, int label) {
        solids.add(new Solid(what, shape, hu, label, null, false));
    }

    /** Labels a solid may be drawn over; no arguments = background only. */
    private static boolean[] labelSet(TotalSegmentatorLabels... labels) {
        boolean[] set = new boolean[TotalSegmentatorLabels.maxId() + 1];
        if (labels.length == 0) set[0] = true;
        for (TotalSegmentatorLabels l : labels) set[l.id()] = true;
        return set;
    }

    private double uni(double lo, double hi) {
        return uni(rng, lo, hi);
    }

    private static double uni(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double[] toArray(List<Double> xs) {
        double[] a = new double[xs.size()];
        for (int i = 0; i < a.length; i++) a[i] = xs.get(i);
        return a;
    }
}
