/**
 * Faithfulness of attributions by perturbation: MoRF/LeRF curves through the explanation's own value oracle,
 * and AOPC, ABPC and their normalised variants exactly as the paper defines them (eqs. 7–9: sums over
 * k = 1…K divided by K, normalisation by the curve endpoints).
 */
package segshap.engine.metrics;
