package dev.k6runner.model;

/**
 * The samples of one k6 check: its {@code check} tag within its {@code group} tag.
 *
 * @param group  the group path, {@code ""} for the root group, else like {@code ::checkout}
 * @param name   the check's name
 * @param passes samples where the check held
 * @param fails  samples where it did not
 */
public record CheckFold(String group, String name, long passes, long fails) {
}
