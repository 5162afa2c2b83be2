package io.neurectomy.console;

public final class Launcher {
    public static void main(String[] args) {
        System.out.println("hi");
    }
}
