package segshap.engine.demo;

import java.util.function.DoubleUnaryOperator;

/**
 * A solid region in phantom coordinates (mm): u towards the patient's left, v towards posterior, w towards
 * superior. Shapes report conservative bounds so the renderer visits only voxels that can be inside.
 */
interface Shape {
    double UNBOUNDED = 1e9;

    /** Lowest w that can be inside. */
    double wMin();

    /** Highest w that can be inside. */
    double wMax();

    /** Writes {uMin, uMax, vMin, vMax} of the cross-section at height w into out. */
    void boundsUv(double w, double[] out);

    boolean contains(double u, double v, double w);

    default Shape and(Shape other) {
        return new Intersection(this, other);
    }

    /** Intersection with a predicate region (lets callers pass a lambda). */
    default Shape and(Region region) {
        return new Intersection(this, region);
    }

    default Shape minus(Shape other) {
        return new Difference(this, other);
    }

    default Shape or(Shape other) {
        return new Union(this, other);
    }

    /** An unbounded region given by a predicate; only useful intersected with a bounded shape. */
    interface Region extends Shape {
        @Override
        default double wMin() {
            return -UNBOUNDED;
        }

        @Override
        default double wMax() {
            return UNBOUNDED;
        }

        @Override
        default void boundsUv(double w, double[] out) {
            out[0] = -UNBOUNDED;
            out[1] = UNBOUNDED;
            out[2] = -UNBOUNDED;
            out[3] = UNBOUNDED;
        }
    }

    /** An ellipsoid with semi-axes (a, b, c) along the columns of a rotation matrix, centred at (cu, cv, cw). */
    final class Ellipsoid implements Shape {
        private final double cu, cv, cw;
        private final double[] inv2; // 1/a², 1/b², 1/c²
        private final double[] rot; // row-major 3×3, columns are the local axes in (u, v, w)
        private final double hu, hv, hw; // half-extents of the axis-aligned bounding box

        Ellipsoid(double cu, double cv, double cw, double a, double b, double c, double[] rot) {
            if (!(a > 0 && b > 0 && c > 0)) throw new IllegalArgumentException("semi-axes must be > 0: " + a + ", " + b + ", " + c);
            this.cu = cu;
            this.cv = cv;
            this.cw = cw;
            this.inv2 = new double[] {1 / (a * a), 1 / (b * b), 1 / (c * c)};
            this.rot = rot.clone();
            double[] s = {a, b, c};
            double[] h = new double[3];
            for (int i = 0; i < 3; i++) {
                double sum = 0;
                for (int j = 0; j < 3; j++) sum += (rot[3 * i + j] * s[j]) * (rot[3 * i + j] * s[j]);
                h[i] = Math.sqrt(sum);
            }
            hu = h[0];
            hv = h[1];
            hw = h[2];
        }

        /** Axis-aligned ellipsoid. */
        Ellipsoid(double cu, double cv, double cw, double a, double b, double c) {
            this(cu, cv, cw, a, b, c, Rotations.IDENTITY);
        }

        @Override
        public double wMin() {
            return cw - hw;
        }

        @Override
        public double wMax() {
            return cw + hw;
        }

        @Override
        public void boundsUv(double w, double[] out) {
            out[0] = cu - hu;
            out[1] = cu + hu;
            out[2] = cv - hv;
            out[3] = cv + hv;
        }

        @Override
        public boolean contains(double u, double v, double w) {
            double du = u - cu, dv = v - cv, dw = w - cw;
            // local coordinates = Rᵀ · d
            double l0 = rot[0] * du + rot[3] * dv + rot[6] * dw;
            double l1 = rot[1] * du + rot[4] * dv + rot[7] * dw;
            double l2 = rot[2] * du + rot[5] * dv + rot[8] * dw;
            return l0 * l0 * inv2[0] + l1 * l1 * inv2[1] + l2 * l2 * inv2[2] <= 1;
        }
    }

    /**
     * A vertical prism whose cross-section at height w is a superellipse |du/a|^p + |dv/b|^p ≤ 1 centred at
     * (u(w), v(w)); the anterior (dv < 0) and posterior (dv ≥ 0) half-axes may differ.
     */
    final class Column implements Shape {
        private final double w0, w1, p;
        private final DoubleUnaryOperator cu, cv, a, bAnterior, bPosterior;

        Column(double w0, double w1, DoubleUnaryOperator cu, DoubleUnaryOperator cv, DoubleUnaryOperator a,
                DoubleUnaryOperator bAnterior, DoubleUnaryOperator bPosterior, double p) {
            this.w0 = w0;
            this.w1 = w1;
            this.cu = cu;
            this.cv = cv;
            this.a = a;
            this.bAnterior = bAnterior;
            this.bPosterior = bPosterior;
            this.p = p;
        }

        /** An upright elliptic cylinder with constant axes. */
        static Column cylinder(double w0, double w1, double cu, double cv, double a, double b) {
            return new Column(w0, w1, w -> cu, w -> cv, w -> a, w -> b, w -> b, 2);
        }

        @Override
        public double wMin() {
            return w0;
        }

        @Override
        public double wMax() {
            return w1;
        }

        @Override
        public void boundsUv(double w, double[] out) {
            double c0 = cu.applyAsDouble(w), c1 = cv.applyAsDouble(w), aa = a.applyAsDouble(w);
            out[0] = c0 - aa;
            out[1] = c0 + aa;
            out[2] = c1 - bAnterior.applyAsDouble(w);
            out[3] = c1 + bPosterior.applyAsDouble(w);
        }

        @Override
        public boolean contains(double u, double v, double w) {
            if (w < w0 || w > w1) return false;
            double aa = a.applyAsDouble(w);
            double dv = v - cv.applyAsDouble(w);
            double bb = dv < 0 ? bAnterior.applyAsDouble(w) : bPosterior.applyAsDouble(w);
            if (aa <= 0 || bb <= 0) return false;
            double x = Math.abs((u - cu.applyAsDouble(w)) / aa), y = Math.abs(dv / bb);
            if (x > 1 || y > 1) return false;
            return p == 2 ? x * x + y * y <= 1 : StrictMath.pow(x, p) + StrictMath.pow(y, p) <= 1;
        }
    }

    /** A tube of constant radius around a polyline (points given as u, v, w triples). */
    final class Tube implements Shape {
        private final double[] pts; // (n, 3)
        private final double r, r2;
        private final double[] segBox; // (n-1, 6): uMin uMax vMin vMax wMin wMax, padded by r
        private final double wLo, wHi;

        Tube(double[] pts, double radius) {
            if (pts.length < 6 || pts.length % 3 != 0) throw new IllegalArgumentException("a tube needs >= 2 points, got " + pts.length / 3.0);
            if (!(radius > 0)) throw new IllegalArgumentException("tube radius must be > 0, got " + radius);
            this.pts = pts.clone();
            this.r = radius;
            this.r2 = radius * radius;
            int n = pts.length / 3;
            segBox = new double[(n - 1) * 6];
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (int s = 0; s < n - 1; s++) {
                for (int d = 0; d < 3; d++) {
                    double p0 = pts[3 * s + d], p1 = pts[3 * s + 3 + d];
                    segBox[6 * s + 2 * d] = Math.min(p0, p1) - r;
                    segBox[6 * s + 2 * d + 1] = Math.max(p0, p1) + r;
                }
                lo = Math.min(lo, segBox[6 * s + 4]);
                hi = Math.max(hi, segBox[6 * s + 5]);
            }
            wLo = lo;
            wHi = hi;
        }

        @Override
        public double wMin() {
            return wLo;
        }

        @Override
        public double wMax() {
            return wHi;
        }

        @Override
        public void boundsUv(double w, double[] out) {
            out[0] = Double.MAX_VALUE;
            out[1] = -Double.MAX_VALUE;
            out[2] = Double.MAX_VALUE;
            out[3] = -Double.MAX_VALUE;
            for (int s = 0; s < segBox.length / 6; s++) {
                if (w < segBox[6 * s + 4] || w > segBox[6 * s + 5]) continue;
                out[0] = Math.min(out[0], segBox[6 * s]);
                out[1] = Math.max(out[1], segBox[6 * s + 1]);
                out[2] = Math.min(out[2], segBox[6 * s + 2]);
                out[3] = Math.max(out[3], segBox[6 * s + 3]);
            }
        }

        @Override
        public boolean contains(double u, double v, double w) {
            for (int s = 0; s < segBox.length / 6; s++) {
                int b = 6 * s;
                if (u < segBox[b] || u > segBox[b + 1] || v < segBox[b + 2] || v > segBox[b + 3]
                        || w < segBox[b + 4] || w > segBox[b + 5]) {
                    continue;
                }
                int i = 3 * s;
                double du = pts[i + 3] - pts[i], dv = pts[i + 4] - pts[i + 1], dw = pts[i + 5] - pts[i + 2];
                double pu = u - pts[i], pv = v - pts[i + 1], pw = w - pts[i + 2];
                double len2 = du * du + dv * dv + dw * dw;
                double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (pu * du + pv * dv + pw * dw) / len2));
                double eu = pu - t * du, ev = pv - t * dv, ew = pw - t * dw;
                if (eu * eu + ev * ev + ew * ew <= r2) return true;
            }
            return false;
        }
    }

    final class Intersection implements Shape {
        private final Shape a, b;

        Intersection(Shape a, Shape b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public double wMin() {
            return Math.max(a.wMin(), b.wMin());
        }

        @Override
        public double wMax() {
            return Math.min(a.wMax(), b.wMax());
        }

        @Override
        public void boundsUv(double w, double[] out) {
            double[] o = new double[4];
            a.boundsUv(w, out);
            b.boundsUv(w, o);
            out[0] = Math.max(out[0], o[0]);
            out[1] = Math.min(out[1], o[1]);
            out[2] = Math.max(out[2], o[2]);
            out[3] = Math.min(out[3], o[3]);
        }

        @Override
        public boolean contains(double u, double v, double w) {
            return a.contains(u, v, w) && b.contains(u, v, w);
        }
    }

    final class Difference implements Shape {
        private final Shape a, b;

        Difference(Shape a, Shape b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public double wMin() {
            return a.wMin();
        }

        @Override
        public double wMax() {
            return a.wMax();
        }

        @Override
        public void boundsUv(double w, double[] out) {
            a.boundsUv(w, out);
        }

        @Override
        public boolean contains(double u, double v, double w) {
            return a.contains(u, v, w) && !b.contains(u, v, w);
        }
    }

    final class Union implements Shape {
        private final Shape a, b;

        Union(Shape a, Shape b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public double wMin() {
            return Math.min(a.wMin(), b.wMin());
        }

        @Override
        public double wMax() {
            return Math.max(a.wMax(), b.wMax());
        }

        @Override
        public void boundsUv(double w, double[] out) {
            double[] o = new double[4];
            boolean inA = w >= a.wMin() && w <= a.wMax(), inB = w >= b.wMin() && w <= b.wMax();
            if (inA) a.boundsUv(w, out);
            if (inB) b.boundsUv(w, o);
            if (inA && inB) {
                out[0] = Math.min(out[0], o[0]);
                out[1] = Math.max(out[1], o[1]);
                out[2] = Math.min(out[2], o[2]);
                out[3] = Math.max(out[3], o[3]);
            } else if (inB) {
                System.arraycopy(o, 0, out, 0, 4);
            } else if (!inA) {
                out[0] = out[2] = 0;
                out[1] = out[3] = -1;
            }
        }

        @Override
        public boolean contains(double u, double v, double w) {
            return a.contains(u, v, w) || b.contains(u, v, w);
        }
    }

    /** Rotation matrices (row-major 3×3) in (u, v, w). */
    final class Rotations {
        static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

        private Rotations() {}

        /** Rotation by angle (radians) about the u axis (tilts w towards v). */
        static double[] aboutU(double angle) {
            double c = StrictMath.cos(angle), s = StrictMath.sin(angle);
            return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
        }

        /** Rotation about the v axis (tilts w towards u). */
        static double[] aboutV(double angle) {
            double c = StrictMath.cos(angle), s = StrictMath.sin(angle);
            return new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
        }

        /** Rotation about the w axis (in the axial plane, u towards v). */
        static double[] aboutW(double angle) {
            double c = StrictMath.cos(angle), s = StrictMath.sin(angle);
            return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
        }

        static double[] times(double[] a, double[] b) {
            double[] m = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) s += a[3 * i + k] * b[3 * k + j];
                    m[3 * i + j] = s;
                }
            }
            return m;
        }
    }
}
