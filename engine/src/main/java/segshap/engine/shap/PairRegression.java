package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The constrained weighted least squares of KernelSHAP on a paired design, with design-based standard errors.
 *
 * <p>Rows z with Horvitz–Thompson weights w (q(s)/n_s, summing to 1) and targets y = v(z) − v0 define
 * φ = argmin Σ w (y − zᵀφ)² subject to 1ᵀφ = Δ. Because a pair's two rows z, 1−z have the same weight and
 * (1−z)ᵀφ = Δ − zᵀφ, the pair collapses to one row: the member z_s of size s with weight ω = 2w and target
 * e = (y_s − y_c + Δ)/2. Writing φ = (Δ/M)·1 + x with x ⊥ 1 and ẽ = e − Δs/M, x solves
 * P G P x = P Σ ω z_s ẽ with G = Σ ω z_s z_sᵀ and P = I − 11ᵀ/M. The system is solved symmetrically as
 * H x = P b with H = P G P + (c/M)·11ᵀ, c = trace(PGP)/(M−1): H equals PGP on 1^⊥ and maps 1 to c·1, so the
 * solution has no component along 1 (exact efficiency, no large finite weight), and since c is the mean
 * eigenvalue of PGP on 1^⊥, κ(H) = κ(Qᵀ(ZᵀWZ)Q).
 *
 * <p>Standard errors (research note §3.3(4)): with residual scalar ρ_u = ω_u(ẽ_u − z_uᵀx) and
 * g_u = ρ_u z_u, Cov(φ̂) ≈ C [Σ_h (1 − f_h)·k_h/(k_h − 1)·Σ_{u∈h} (g_u − ḡ_h)(g_u − ḡ_h)ᵀ] Cᵀ with
 * C = H⁻¹P and f_h = k_h/K_h; enumerated strata (f_h = 1) contribute nothing. Strata holding a single
 * sampled pair are collapsed in consecutive groups (collapsed-strata estimator,
 * L/(L−1)·Σ (ĝ_h − ḡ_G)²); a lone single-pair stratum contributes nothing. The plain delta method
 * under-predicts the variance by about n_s/(n_s − M) (n_s sampled pairs; fitted residuals are too small),
 * so each residual is divided by (1 − h_u)^α with the pair's leverage h_u = ω_u z_uᵀ C z_u: α = ½ (HC2)
 * when n_s > M − 1, α = 1 (HC3, conservative) otherwise. Monte Carlo calibration on Harsanyi games
 * (empirical / predicted variance over 100–300 seeds): equal allocation 0.98–1.04 for M = 12…300 and
 * B = 2M…20M; kernel allocation 1.03–1.35; forced singletons with n_s {@code <=} M − 1: 0.35–0.54
 * (conservative); the plain formula gave 1.09–1.65 (equal), up to 3.1 (kernel) and up to 1150 (forced).
 */
final class PairRegression {
    /**
     * Designs whose κ₁(H) exceeds this are treated as rank-deficient (research note §3.8 refuses κ above 1e10;
     * κ₁ may exceed κ₂ by a factor up to M).
     */
    private static final double MAX_CONDITION_ESTIMATE = 1e13;
    /** Leverages are capped below 1 so that (1 − h)^−α stays finite for an interpolated pair. */
    private static final double MAX_LEVERAGE = 1 - 1e-12;

    private PairRegression() {
    }

    /** A solved design; {@code null} from {@link #solve} when the design is rank-deficient. */
    static final class Solution {
        final double[][] phi; // (K, M)
        final double[][] stderr; // (K, M)
        private final DMatrixRMaj normalMatrix; // H, (M, M)

        Solution(double[][] phi, double[][] stderr, DMatrixRMaj normalMatrix) {
            this.phi = phi;
            this.stderr = stderr;
            this.normalMatrix = normalMatrix;
        }

        /** κ(Qᵀ(ZᵀWZ)Q) by a symmetric eigen-decomposition, O(M³); NaN for an estimate without a regression. */
        double conditionNumber() {
            if (normalMatrix == null) {
                return Double.NaN;
            }
            int m = normalMatrix.numRows;
            if (m == 1) {
                return 1.0;
            }
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
            if (!eig.decompose(normalMatrix.copy())) {
                return Double.NaN;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                double l = eig.getEigenvalue(i).real;
                min = Math.min(min, l);
                max = Math.max(max, l);
            }
            return min <= 0 ? Double.POSITIVE_INFINITY : max / min;
        }
    }

    /**
     * Solves the design.
     *
     * @param design strata sizes and kernel masses
     * @param members canonical member z_s of each pair (size s = h+1), in design order
     * @param strataOfPairs stratum h of each pair
     * @param counts pairs k_h per stratum in this design
     * @param memberValues v(z_s) per pair, (pairs, K)
     * @param complementValues v(N \ z_s) per pair, (pairs, K)
     * @param emptyValues v(∅), (K)
     * @param fullValues v(N), (K)
     * @param withStandardErrors whether to compute the standard errors (else zeros)
     * @return the solution, or {@code null} when the design does not identify φ
     */
    static Solution solve(PairDesign design, Coalition[] members, int[] strataOfPairs, int[] counts,
            double[][] memberValues, double[][] complementValues, double[] emptyValues, double[] fullValues,
            boolean withStandardErrors) {
        int m = design.playerCount();
        int k = emptyValues.length;
        int pairs = members.length;
        int[][] memberIdx = new int[pairs][];
        for (int u = 0; u < pairs; u++) {
            memberIdx[u] = members[u].members();
        }
        double[] pairWeight = pairWeights(design, strataOfPairs, counts);
        double[] delta = new double[k];
        for (int v = 0; v < k; v++) {
            delta[v] = fullValues[v] - emptyValues[v];
        }

        // G = Σ ω z zᵀ (upper triangle, then mirrored), (M, M)
        double[] g = new double[m * m];
        for (int u = 0; u < pairs; u++) {
            int[] z = memberIdx[u];
            double w = pairWeight[u];
            for (int a = 0; a < z.length; a++) {
                int row = z[a] * m;
                for (int b = a; b < z.length; b++) {
                    g[row + z[b]] += w;
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                g[i * m + j] = g[j * m + i];
            }
        }
        DMatrixRMaj h = projectedNormalMatrix(g, m);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(m);
        if (!solver.setA(solver.modifiesA() ? h.copy() : h)) {
            return null; // not positive definite: rank-deficient design
        }
        DMatrixRMaj hInverse = null;
        if (withStandardErrors) { // the inverse serves the standard errors and a sharper rank check
            hInverse = new DMatrixRMaj(m, m);
            solver.invert(hInverse);
            if (!(oneNormConditionEstimate(h, hInverse) <= MAX_CONDITION_ESTIMATE)) {
                return null;
            }
        }

        // ẽ per pair and value function; right-hand side P Σ ω z ẽ, (M, K)
        double[][] eTilde = new double[pairs][k];
        DMatrixRMaj rhs = new DMatrixRMaj(m, k);
        for (int u = 0; u < pairs; u++) {
            int s = memberIdx[u].length;
            for (int v = 0; v < k; v++) {
                double e = 0.5 * (memberValues[u][v] - complementValues[u][v] + delta[v]) - delta[v] * s / m;
                eTilde[u][v] = e;
                double we = pairWeight[u] * e;
                for (int i : memberIdx[u]) {
                    rhs.data[i * k + v] += we;
                }
            }
        }
        centerColumns(rhs);
        DMatrixRMaj x = new DMatrixRMaj(m, k);
        solver.solve(solver.modifiesB() ? rhs.copy() : rhs, x);
        for (double value : x.data) {
            if (!Double.isFinite(value)) {
                return null;
            }
        }
        centerColumns(x); // removes the rounding-level component along 1

        double[][] phi = new double[k][m];
        for (int v = 0; v < k; v++) {
            for (int i = 0; i < m; i++) {
                phi[v][i] = delta[v] / m + x.data[i * k + v];
            }
        }
        double[][] stderr = new double[k][m];
        if (withStandardErrors) {
            double[][] rho = new double[k][pairs];
            for (int v = 0; v < k; v++) {
                for (int u = 0; u < pairs; u++) {
                    double fit = 0;
                    for (int i : memberIdx[u]) {
                        fit += x.data[i * k + v];
                    }
                    rho[v][u] = pairWeight[u] * (eTilde[u][v] - fit);
                }
            }
            stderr = standardErrors(design, hInverse, memberIdx, strataOfPairs, counts, pairWeight, rho);
        }
        return new Solution(phi, stderr, h);
    }

    /** ω_u = 2·(row weight) = mass_h / (k_h · Σ_{h': k_h' > 0} mass_h'); Σ_u ω_u = 1. */
    private static double[] pairWeights(PairDesign design, int[] strataOfPairs, int[] counts) {
        double total = 0;
        for (int h = 0; h < counts.length; h++) {
            if (counts[h] > 0) {
                total += design.kernelMass(h);
            }
        }
        double[] w = new double[strataOfPairs.length];
        for (int u = 0; u < w.length; u++) {
            int h = strataOfPairs[u];
            w[u] = design.kernelMass(h) / (counts[h] * total);
        }
        return w;
    }

    /** H = PGP + (c/M)·11ᵀ with c = trace(PGP)/(M−1). */
    private static DMatrixRMaj projectedNormalMatrix(double[] g, int m) {
        double[] rowMean = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += g[i * m + j];
            }
            rowMean[i] = s / m;
            mean += rowMean[i];
        }
        mean /= m;
        DMatrixRMaj h = new DMatrixRMaj(m, m);
        double trace = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                h.data[i * m + j] = g[i * m + j] - rowMean[i] - rowMean[j] + mean;
            }
            trace += h.data[i * m + i];
        }
        double c = m > 1 ? trace / (m - 1) : 1.0;
        if (!(c > 0)) {
            c = 1.0; // G vanishes on 1^⊥: the Cholesky check below rejects the design
        }
        for (int i = 0; i < m * m; i++) {
            h.data[i] += c / m;
        }
        return h;
    }

    /** κ₁(H) = ‖H‖₁·‖H⁻¹‖₁, within a factor M of κ₂; NaN when the inverse is not finite. */
    private static double oneNormConditionEstimate(DMatrixRMaj h, DMatrixRMaj hInverse) {
        return maxColumnSum(h) * maxColumnSum(hInverse);
    }

    private static double maxColumnSum(DMatrixRMaj a) {
        int n = a.numRows;
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                col[j] += Math.abs(a.data[i * n + j]);
            }
        }
        double max = 0;
        for (double c : col) {
            if (!Double.isFinite(c)) {
                return Double.NaN;
            }
            max = Math.max(max, c);
        }
        return max;
    }

    private static void centerColumns(DMatrixRMaj a) {
        int rows = a.numRows;
        int cols = a.numCols;
        for (int c = 0; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += a.data[r * cols + c];
            }
            double mean = s / rows;
            for (int r = 0; r < rows; r++) {
                a.data[r * cols + c] -= mean;
            }
        }
    }

    /**
     * Design-based standard errors for all value functions. For every sampled pair,
     * C z_u = H⁻¹P z_u = Σ_{i∈z_u} H⁻¹[i,·] − (|z_u|/M)·H⁻¹1 (H⁻¹ symmetric) is shared by the K value
     * functions, as is its leverage h_u = ω_u z_uᵀ C z_u; then a_u = ρ_u·C z_u / (1 − h_u)^α and the variance
     * of coordinate i is Σ_groups F·Σ_u (a_u,i − ā_i)².
     */
    private static double[][] standardErrors(PairDesign design, DMatrixRMaj hInverse, int[][] memberIdx,
            int[] strataOfPairs, int[] counts, double[] pairWeight, double[][] rho) {
        int m = design.playerCount();
        int k = rho.length;
        int strata = counts.length;
        double[] inverseTimesOnes = new double[m]; // H⁻¹1, (M)
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += hInverse.data[i * m + j];
            }
            inverseTimesOnes[i] = sum;
        }
        int[][] pairsOf = new int[strata][]; // pairs of each stratum, in design order
        int[] fill = new int[strata];
        for (int h = 0; h < strata; h++) {
            pairsOf[h] = new int[counts[h]];
        }
        for (int u = 0; u < strataOfPairs.length; u++) {
            int h = strataOfPairs[u];
            pairsOf[h][fill[h]++] = u;
        }
        int sampledPairs = 0;
        for (int h = 0; h < strata; h++) {
            if (counts[h] > 0 && counts[h] < design.capacityAsDouble(h)) {
                sampledPairs += counts[h];
            }
        }
        double alpha = leverageExponent(sampledPairs, m);
        double[][] variance = new double[k][m];
        double[][] mean = new double[k][m];
        double[][] m2 = new double[k][m];
        double[] y = new double[m];
        int[] singles = new int[strata];
        int singleCount = 0;
        for (int h = 0; h < strata; h++) {
            int kh = counts[h];
            double fpc = 1 - kh / design.capacityAsDouble(h); // finite-population correction 1 − f_h
            if (kh == 0 || fpc <= 0) {
                continue; // empty, or enumerated: no sampling variance
            }
            if (kh == 1) {
                singles[singleCount++] = h;
                continue;
            }
            for (int v = 0; v < k; v++) {
                Arrays.fill(mean[v], 0);
                Arrays.fill(m2[v], 0);
            }
            int n = 0;
            for (int u : pairsOf[h]) {
                double scale = influence(hInverse, inverseTimesOnes, memberIdx[u], pairWeight[u], alpha, y);
                n++;
                for (int v = 0; v < k; v++) {
                    double r = rho[v][u] * scale;
                    double[] mu = mean[v];
                    double[] sq = m2[v];
                    for (int i = 0; i < m; i++) { // Welford update per coordinate
                        double a = r * y[i];
                        double d = a - mu[i];
                        mu[i] += d / n;
                        sq[i] += d * (a - mu[i]);
                    }
                }
            }
            double f = fpc * kh / (kh - 1.0);
            for (int v = 0; v < k; v++) {
                for (int i = 0; i < m; i++) {
                    variance[v][i] += f * m2[v][i];
                }
            }
        }
        // collapsed strata: consecutive single-pair strata in groups of 2 (the last group takes an odd one)
        int groups = singleCount / 2;
        for (int gi = 0; gi < groups; gi++) {
            int from = 2 * gi;
            int to = gi == groups - 1 ? singleCount : from + 2;
            int size = to - from;
            double[][] a = new double[size][];
            double[] scale = new double[size];
            int[] pair = new int[size];
            for (int t = 0; t < size; t++) {
                pair[t] = pairsOf[singles[from + t]][0];
                scale[t] = influence(hInverse, inverseTimesOnes, memberIdx[pair[t]], pairWeight[pair[t]], alpha, y);
                a[t] = y.clone();
            }
            for (int v = 0; v < k; v++) {
                for (int i = 0; i < m; i++) {
                    double avg = 0;
                    for (int t = 0; t < size; t++) {
                        avg += rho[v][pair[t]] * scale[t] * a[t][i] / size;
                    }
                    for (int t = 0; t < size; t++) {
                        double fpc = 1 - 1 / design.capacityAsDouble(singles[from + t]);
                        double d = rho[v][pair[t]] * scale[t] * a[t][i] - avg;
                        variance[v][i] += fpc * size / (size - 1.0) * d * d;
                    }
                }
            }
        }
        double[][] se = new double[k][m];
        for (int v = 0; v < k; v++) {
            for (int i = 0; i < m; i++) {
                se[v][i] = Math.sqrt(variance[v][i]);
            }
        }
        return se;
    }

    /**
     * α of the leverage correction: ½ (HC2) when the sampled pairs outnumber the M − 1 free parameters, 1
     * (HC3, jackknife-like, conservative) otherwise, where fitted residuals are close to 0 and HC2 fails.
     */
    static double leverageExponent(int sampledPairs, int playerCount) {
        return sampledPairs > playerCount - 1 ? 0.5 : 1.0;
    }

    /**
     * Writes C z = H⁻¹P z into {@code out} (M) and returns the residual scale (1 − h)^−α of the pair, with
     * leverage h = ω zᵀ C z.
     */
    private static double influence(DMatrixRMaj hInverse, double[] inverseTimesOnes, int[] z, double weight,
            double alpha, double[] out) {
        int m = out.length;
        double shift = (double) z.length / m; // P z = z − (|z|/M)·1
        for (int i = 0; i < m; i++) {
            out[i] = -shift * inverseTimesOnes[i];
        }
        for (int p : z) {
            int row = p * m;
            for (int i = 0; i < m; i++) {
                out[i] += hInverse.data[row + i];
            }
        }
        double zy = 0;
        for (int p : z) {
            zy += out[p];
        }
        double leverage = Math.min(Math.max(weight * zy, 0), MAX_LEVERAGE);
        return Math.pow(1 - leverage, -alpha);
    }
}
