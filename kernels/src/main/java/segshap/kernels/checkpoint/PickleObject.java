package segshap.kernels.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A placeholder for a Python object the checkpoint unpickler does not model: a bare global reference
 * ({@code torch.float32}), or an instance of an unknown class ({@code torch.device('cpu')},
 * {@code numpy.dtype('f8')}, custom trainer objects). It records what was called with which arguments and
 * swallows {@code BUILD} state and appended / set items, so unknown parts of a checkpoint never stop the
 * network weights from loading.
 */
public final class PickleObject {
    private final String module;
    private final String name;
    private final List<Object> args; // null for a bare global reference (never called)
    private Object state;
    private final List<Object> items = new ArrayList<>(); // swallowed APPEND(S) values and SETITEM(S) pairs

    PickleObject(String module, String name, List<Object> args) {
        this.module = module;
        this.name = name;
        this.args = args == null ? null : Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** Python module of the class or function, e.g. {@code torch}. */
    public String module() {
        return module;
    }

    /** Class or function name, e.g. {@code device}. */
    public String name() {
        return name;
    }

    /** Whether this is an instance ({@code REDUCE}/{@code NEWOBJ}) rather than a bare global reference. */
    public boolean isCalled() {
        return args != null;
    }

    /** Constructor arguments; empty for a bare global reference. */
    public List<Object> args() {
        return args == null ? List.of() : args;
    }

    /** The last {@code BUILD} state, or {@code null}. */
    public Object state() {
        return state;
    }

    /** Values appended or {@code [key, value]} pairs set on the object (dict / list subclasses). */
    public List<Object> items() {
        return Collections.unmodifiableList(items);
    }

    void setState(Object s) {
        state = s;
    }

    void addItem(Object item) {
        items.add(item);
    }

    @Override
    public String toString() {
        return module + "." + name + (args == null ? "" : args.toString().replace('[', '(').replace(']', ')'));
    }
}
