package io.heapscope.scenario.check;

import io.heapscope.scenario.ast.Name;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the checker knows at a point of the walk through the scenario, in source order: declared
 * threads, handle names that have been assigned, heaps that have been created, marks that have
 * been set and the loop variables in scope.
 */
final class Symbols {

    /** Whether a handle name is a single handle or an array, and where it was first seen. */
    record HandleShape(boolean array, Name first) {
    }

    private final Map<String, Name> threads = new LinkedHashMap<>();
    private final Map<String, Name> allThreads;
    private final Map<String, HandleShape> handles = new HashMap<>();
    private final Map<String, Name> heaps = new HashMap<>();
    private final Set<String> marks = new HashSet<>();
    private final Deque<Name> loopVariables = new ArrayDeque<>();

    /** @param allThreads every thread declared anywhere at top level, to explain late uses */
    Symbols(Map<String, Name> allThreads) {
        this.allThreads = allThreads;
    }

    Optional<Name> thread(String name) {
        return Optional.ofNullable(threads.get(name));
    }

    /** Where a thread is declared, even if the declaration comes later in the file. */
    Optional<Name> threadDeclaredAnywhere(String name) {
        return Optional.ofNullable(allThreads.get(name));
    }

    void declareThread(Name name) {
        threads.put(name.text(), name);
    }

    Set<String> threadNames() {
        return threads.keySet();
    }

    Optional<HandleShape> handle(String name) {
        return Optional.ofNullable(handles.get(name));
    }

    void assignHandle(Name name, boolean array) {
        handles.putIfAbsent(name.text(), new HandleShape(array, name));
    }

    Set<String> handleNames() {
        return handles.keySet();
    }

    boolean heapCreated(String name) {
        return heaps.containsKey(name);
    }

    void createHeap(Name name) {
        heaps.putIfAbsent(name.text(), name);
    }

    Set<String> heapNames() {
        return heaps.keySet();
    }

    boolean markSet(String name) {
        return marks.contains(name);
    }

    void setMark(String name) {
        marks.add(name);
    }

    Optional<Name> loopVariable(String name) {
        return loopVariables.stream().filter(v -> v.text().equals(name)).findFirst();
    }

    List<String> loopVariableNames() {
        return loopVariables.stream().map(Name::text).toList();
    }

    void enterLoop(Name variable) {
        loopVariables.push(variable);
    }

    void leaveLoop() {
        loopVariables.pop();
    }
}
