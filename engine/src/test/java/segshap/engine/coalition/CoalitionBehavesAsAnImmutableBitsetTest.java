package segshap.engine.coalition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoalitionBehavesAsAnImmutableBitsetTest {

    @Test
    void equalMembersAcrossWordBoundariesAreEqualKeys() {
        Coalition a = Coalition.of(130, 0, 63, 64, 129);
        boolean[] flags = new boolean[130];
        flags[0] = flags[63] = flags[64] = flags[129] = true;
        Coalition b = Coalition.fromFlags(flags);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertArrayEquals(new int[] {0, 63, 64, 129}, a.members());
        assertEquals(4, a.size());
        assertEquals("{0,63,64,129}/130", a.toString());
        assertNotEquals(a, Coalition.of(131, 0, 63, 64, 129), "the player count is part of the identity");
    }

    @Test
    void derivedCoalitionsLeaveTheOriginalUnchanged() {
        Coalition a = Coalition.of(70, 3, 65);
        Coalition b = a.with(10).without(3);
        assertArrayEquals(new int[] {3, 65}, a.members());
        assertArrayEquals(new int[] {10, 65}, b.members());
        Coalition c = a.complement();
        assertEquals(68, c.size());
        assertFalse(c.contains(3) || c.contains(65));
        assertEquals(a, c.complement());
        assertEquals(Coalition.full(70), Coalition.empty(70).complement());
        long[] words = a.toWords();
        words[0] = -1;
        assertEquals(2, a.size(), "toWords returns a copy");
    }

    @Test
    void masksRoundTripAndRejectBitsOutsideThePlayers() {
        Coalition c = Coalition.fromMask(5, 0b10110);
        assertArrayEquals(new int[] {1, 2, 4}, c.members());
        assertEquals(0b10110, c.toMask());
        assertThrows(IllegalArgumentException.class, () -> Coalition.fromMask(4, 0b10000));
        assertThrows(IndexOutOfBoundsException.class, () -> Coalition.of(4, 4));
        assertTrue(Coalition.fromMask(63, Long.MAX_VALUE).equals(Coalition.full(63)));
        assertEquals("{}/0", Coalition.empty(0).toString());
    }
}
