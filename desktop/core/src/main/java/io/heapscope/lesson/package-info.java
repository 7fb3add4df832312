/**
 * Lessons: narrated walks through a scenario, stop by stop, with highlights and questions.
 * {@link io.heapscope.lesson.LessonParser} reads the text format of {@code docs/lessons.md},
 * {@link io.heapscope.lesson.LessonRun} runs a lesson's scenario and resolves every stop against
 * the real heap, and {@link io.heapscope.lesson.LessonChecker} reports what does not hold. No
 * JavaFX here: the window and the command line share all of it.
 */
package io.heapscope.lesson;
