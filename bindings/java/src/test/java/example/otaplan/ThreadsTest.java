package example.otaplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Eight threads share one compiled plan while another closes it: every answer is right or CLOSED. */
class ThreadsTest {
    @Test
    void eightThreadsAndAClose() throws InterruptedException {
        CompiledPlan plan = CompiledPlan.compile(Lamp.PLAN);
        Device device = Lamp.device().build();
        ConcurrentLinkedQueue<Throwable> wrong = new ConcurrentLinkedQueue<>();
        AtomicLong answered = new AtomicLong();
        CountDownLatch started = new CountDownLatch(8);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try {
                        Eligibility e = plan.eligible(device, Lamp.NOW);
                        Push p = plan.nextPush(device, Lamp.NOW, 10);
                        if (!e.eligible() || !p.status().equals("push_at")) {
                            wrong.add(new AssertionError(e + " " + p));
                            return;
                        }
                        answered.incrementAndGet();
                    } catch (OtaplanException x) {
                        if (x.code() != OtaplanException.CLOSED) {
                            wrong.add(x);
                        }
                        return;
                    } catch (Throwable x) {
                        wrong.add(x);
                        return;
                    }
                }
                wrong.add(new AssertionError("the close never came"));
            });
            threads.add(thread);
            thread.start();
        }
        started.await();
        Thread.sleep(200);
        plan.close();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), new ArrayList<>(wrong));
        assertTrue(answered.get() > 8, "answers before the close: " + answered.get());
    }
}
