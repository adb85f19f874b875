package segshap.engine.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import segshap.kernels.InputException;

/**
 * The files a command reads, checked against every file it will write or remove, before any work: segshap never
 * writes over one of its inputs. Two paths are the same file when {@link Files#isSameFile} says so (symbolic links
 * followed, hard links and {@code ..} seen through). Inputs that do not exist are skipped: reading them fails later
 * with its own message.
 *
 * <pre>
 * ProtectedInputs.builder().file("--ct", ct).modelFolder("--model", model).build()
 *         .checkNotOverwritten("--output", List.of(output));   // predict -o ct.nii.gz -i ct.nii.gz: refused
 * </pre>
 */
public final class ProtectedInputs {
    /** Model folders hold plans.json, dataset.json and fold_N/checkpoint_final.pth: two levels below suffice. */
    private static final int MODEL_FOLDER_DEPTH = 3;

    private record Input(String option, Path file) {}

    private final List<Input> inputs;

    private ProtectedInputs(List<Input> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    /** An empty set of inputs to add to. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Refuses the run when one of {@code outputs} is an input.
     *
     * @param option  the option that chose the outputs, for the message
     * @param outputs files that will be written, replaced or removed
     * @throws InputException naming the output, the input and the option that gave it
     */
    public void checkNotOverwritten(String option, Collection<Path> outputs) {
        for (Path out : outputs) {
            if (!Files.exists(out)) continue; // a file that does not exist yet cannot be an input
            for (Input in : inputs) {
                if (isSameFile(in.file(), out)) {
                    throw new InputException(option + ": " + out + " is the input " + in.option() + " " + in.file()
                            + "; segshap never writes over its inputs: choose another output");
                }
            }
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException unreadable) {
            return false; // vanished or unreadable between the checks: reading or writing it reports the real error
        }
    }

    /** Collects the inputs of one command. */
    public static final class Builder {
        private final List<Input> inputs = new ArrayList<>();

        private Builder() {}

        /**
         * An input file, or every file directly inside an input folder (TotalSegmentator's folder of organ masks);
         * {@code null} (an optional input not given) is skipped.
         */
        public Builder file(String option, Path file) {
            if (file == null || !Files.exists(file)) return this;
            if (!Files.isDirectory(file)) {
                inputs.add(new Input(option, file));
                return this;
            }
            try (Stream<Path> files = Files.list(file)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> inputs.add(new Input(option, f)));
            } catch (IOException e) {
                throw new InputException(option + " " + file + ": cannot list the folder (" + OutputException.reasonOf(e) + ")", e);
            }
            return this;
        }

        /** Every file in an nnU-Net model folder (plans, dataset, checkpoints); {@code null} is skipped. */
        public Builder modelFolder(String option, Path dir) {
            if (dir == null || !Files.isDirectory(dir)) return this;
            try (Stream<Path> files = Files.walk(dir, MODEL_FOLDER_DEPTH)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> inputs.add(new Input(option, f)));
            } catch (IOException e) {
                throw new InputException(option + " " + dir + ": cannot list the model folder (" + OutputException.reasonOf(e) + ")", e);
            }
            return this;
        }

        /** The inputs collected so far. */
        public ProtectedInputs build() {
            return new ProtectedInputs(inputs);
        }
    }
}
