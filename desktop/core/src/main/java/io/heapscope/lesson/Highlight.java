package io.heapscope.lesson;

import io.heapscope.model.BlockState;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.source.SourceSpan;

/**
 * What a stop points the views at. Pages, blocks, segments and lists are named through a handle
 * of the scenario ({@code hotel[0]}): the block it holds, and the page and segment that block
 * lies in, so a lesson reads the same whatever addresses the run gets.
 */
public sealed interface Highlight {

    SourceSpan span();

    /** A scenario thread, by name. */
    record OfThread(String name, SourceSpan span) implements Highlight {
        @Override
        public String toString() {
            return "thread " + name;
        }
    }

    /** The segment holding the handle's block. */
    record Segment(HandleKey handle, SourceSpan span) implements Highlight {
        @Override
        public String toString() {
            return "segment " + handle;
        }
    }

    /** The page holding the handle's block. */
    record Page(HandleKey handle, SourceSpan span) implements Highlight {
        @Override
        public String toString() {
            return "page " + handle;
        }
    }

    /** The handle's block itself. */
    record Block(HandleKey handle, SourceSpan span) implements Highlight {
        @Override
        public String toString() {
            return "block " + handle;
        }
    }

    /** One free list of the handle's page: {@code free}, {@code local_free}, {@code thread_free} or {@code delayed}. */
    record FreeList(BlockState list, HandleKey handle, SourceSpan span) implements Highlight {
        @Override
        public String toString() {
            return "list " + LessonWords.listWord(list) + " " + handle;
        }
    }

    /** A stretch of the timeline between two points: marks, {@code start}, {@code end} or step numbers. */
    record Timeline(String from, String to, SourceSpan span) implements Highlight {
        @Override
        public String toString() {
            return "timeline " + from + ".." + to;
        }
    }
}
