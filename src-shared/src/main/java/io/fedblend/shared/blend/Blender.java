package io.fedblend.shared.blend;

import io.fedblend.shared.model.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The blending maths over named tensors, in plain Java: {@code W_next = (1 − α)·W + α·W'}, where W' is
 * the sample-weighted average of the clients' weights. Arithmetic is done in double and rounded once to
 * float; α = 0 and α = 1 return exact copies so "keep the server model" and "take the clients' model"
 * hold bit for bit. Results never share arrays with the inputs.
 */
public final class Blender {

    private Blender() {
    }

    /** {@code (1 − α)·server + α·client} per element, in the server's tensor order. */
    public static Weights blend(Weights server, Weights client, double alpha) {
        requireAlpha(alpha);
        requireSameTensors(server, client, "the client weights");
        if (alpha == 0) {
            return copy(server);
        }
        if (alpha == 1) {
            return copy(client, server);
        }
        double keep = 1 - alpha;
        List<Weights.Tensor> out = new ArrayList<>(server.size());
        for (Weights.Tensor s : server.tensors()) {
            float[] w = s.values();
            float[] c = client.tensor(s.name()).values();
            float[] mixed = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                mixed[i] = (float) (keep * w[i] + alpha * c[i]);
            }
            out.add(new Weights.Tensor(s.spec(), mixed));
        }
        return Weights.of(out);
    }

    /** The average of the updates' weights, each weighted by its sample count; one update gives an exact copy. */
    public static Weights weightedAverage(List<ClientUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("averaging needs at least one client update");
        }
        Weights first = updates.get(0).weights();
        long total = 0;
        for (ClientUpdate u : updates) {
            requireSameTensors(first, u.weights(), "the weights of client " + u.clientId());
            total = Math.addExact(total, u.samples());
        }
        if (updates.size() == 1) {
            return copy(first);
        }
        List<Weights.Tensor> out = new ArrayList<>(first.size());
        for (Weights.Tensor t : first.tensors()) {
            double[] sum = new double[t.values().length];
            for (ClientUpdate u : updates) {
                float[] v = u.weights().tensor(t.name()).values();
                double n = u.samples();
                for (int i = 0; i < v.length; i++) {
                    sum[i] += n * v[i];
                }
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) (sum[i] / total);
            }
            out.add(new Weights.Tensor(t.spec(), mean));
        }
        return Weights.of(out);
    }

    /** One round: the clients' sample-weighted average, blended into the server's weights with α. */
    public static Weights blendRound(Weights server, List<ClientUpdate> updates, double alpha) {
        requireAlpha(alpha);
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("a round needs at least one client update");
        }
        for (ClientUpdate u : updates) {
            requireSameTensors(server, u.weights(), "the weights of client " + u.clientId());
        }
        return blend(server, weightedAverage(updates), alpha);
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be a number in [0, 1], got " + alpha);
        }
    }

    /** Same tensor names and shapes (order may differ); otherwise names the tensor and what differs. */
    private static void requireSameTensors(Weights reference, Weights other, String otherLabel) {
        for (Weights.Tensor r : reference.tensors()) {
            Weights.Tensor o = other.tensor(r.name());
            if (o == null) {
                throw new IllegalArgumentException(otherLabel + " lack tensor " + r.name());
            }
            if (!Arrays.equals(r.spec().shape(), o.spec().shape())) {
                throw new IllegalArgumentException("tensor " + r.name() + " has shape " + o.spec().shapeText()
                        + " in " + otherLabel + " but " + r.spec().shapeText() + " in the model it is blended with");
            }
        }
        for (Weights.Tensor o : other.tensors()) {
            if (reference.tensor(o.name()) == null) {
                throw new IllegalArgumentException(otherLabel + " hold tensor " + o.name()
                        + ", which the model it is blended with does not have");
            }
        }
    }

    private static Weights copy(Weights w) {
        return copy(w, w);
    }

    /** {@code values}' numbers laid out in {@code order}'s tensor order. */
    private static Weights copy(Weights values, Weights order) {
        List<Weights.Tensor> out = new ArrayList<>(order.size());
        for (Weights.Tensor t : order.tensors()) {
            out.add(new Weights.Tensor(t.spec(), values.tensor(t.name()).values().clone()));
        }
        return Weights.of(out);
    }
}
