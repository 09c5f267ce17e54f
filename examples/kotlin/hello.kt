// reclaim's bundled Kotlin/Wasm (WASI) example: a greeting plus a small GC
// workload (a binary tree built, checked, and dropped several times, and a
// map of boxed values), so one command shows WasmGC, exceptions and WASI at work.
// Its output is deterministic; examples/kotlin/hello.expected holds it.

class Node(val left: Node?, val right: Node?)

fun tree(depth: Int): Node =
    if (depth == 0) Node(null, null) else Node(tree(depth - 1), tree(depth - 1))

fun count(n: Node?): Int = if (n == null) 0 else 1 + count(n.left) + count(n.right)

data class Point(val x: Int, val y: Int)

fun main() {
    println("Hello from Kotlin/Wasm on reclaim!")

    // Many short-lived trees next to one long-lived tree: the collector must
    // free the former and keep the latter intact.
    val keep = tree(12)
    var nodes = 0L
    for (round in 1..40) nodes += count(tree(14))
    println("trees: built 40 x ${count(tree(14))} nodes, total=$nodes, long-lived=${count(keep)}")

    // Objects of a data class in a hash map, plus string building.
    val byCell = HashMap<Point, Int>()
    for (i in 0 until 10000) {
        val p = Point(i % 97, i % 89)
        byCell[p] = (byCell[p] ?: 0) + i
    }
    val sum = byCell.values.fold(0L) { a, v -> a + v }
    println("map: cells=${byCell.size} sum=$sum first=${byCell.keys.minWith(compareBy({ it.x }, { it.y }))}")

    // An exception thrown and caught inside the guest.
    val caught = try {
        listOf(1, 2, 3)[5]
        "no exception"
    } catch (e: IndexOutOfBoundsException) {
        "caught IndexOutOfBoundsException"
    }
    println("exceptions: $caught")
    println("Bye.")
}
