package dev.riskgate.state.codec;

/** How one kind of stored value is written and read ({@link StateForms}, {@link EarlierLayout}). */
public interface Form<T> {
    void write(StateOut out, T value);

    T read(StateIn in);
}
