package dev.nabla.spark;

import java.io.Serializable;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/** The barrier stage's function as Scala wants it (RDDBarrier has no Java API): runs a {@link ReplicaTask}. */
final class BarrierBody extends AbstractFunction1<Iterator<Example>, Iterator<TaskResult>> implements Serializable {
    private final ReplicaTask task;

    BarrierBody(ReplicaTask task) {
        this.task = task;
    }

    @Override
    public Iterator<TaskResult> apply(Iterator<Example> rows) {
        return CollectionConverters.asScala(task.run(CollectionConverters.asJava(rows)));
    }
}
