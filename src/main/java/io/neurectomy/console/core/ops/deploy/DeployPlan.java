package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import java.util.List;
import java.util.Map;

/**
 * A deploy's plan: for every object of the rendered stack, in apply order, whether it is created, updated (with the
 * diff) or left unchanged. Nothing is written until {@link DeployOperation} runs it.
 */
public final class DeployPlan {
    /** One planned object: the change shown to the user and what apply writes. */
    record Item(ObjectChange change, HasMetadata desired, Map<String, Object> desiredFields) {
    }

    private final String environment;
    private final String context;
    private final List<Item> items;

    DeployPlan(String environment, String context, List<Item> items) {
        this.environment = environment;
        this.context = context;
        this.items = List.copyOf(items);
    }

    /** The environment rendered. */
    public String environment() {
        return environment;
    }

    /** The context the plan was made against. */
    public String context() {
        return context;
    }

    /** Every object, in apply order. */
    public List<ObjectChange> changes() {
        return items.stream().map(Item::change).toList();
    }

    List<Item> items() {
        return items;
    }

    /** How many objects get this action. */
    public long count(Action action) {
        return items.stream().filter(i -> i.change().action() == action).count();
    }

    /** Whether applying the plan would write nothing. */
    public boolean unchanged() {
        return count(Action.CREATE) == 0 && count(Action.UPDATE) == 0;
    }

    /** "3 to create, 1 to update, 30 unchanged". */
    public String summary() {
        return count(Action.CREATE) + " to create, " + count(Action.UPDATE) + " to update, "
                + count(Action.UNCHANGED) + " unchanged";
    }
}
