#!/usr/bin/env bash
# Makes les-veilleurs-teaser.webm, the demo production's 8-second teaser: a night street
# whose five streetlights switch on one after another, a soft mains hum, and the title
# fading in across the sky (high up, so subtitles at the bottom never cover it).
# Takes a few minutes: geq computes every pixel of every frame.
#
# Needs Debian's ffmpeg (libvpx, libopus, drawtext) and fonts-dejavu-core:
#   apt-get install ffmpeg fonts-dejavu-core
# The output is committed next to this script, so `npm start` never needs ffmpeg; run
# this only to change the teaser, then commit the new file.
set -euo pipefail
cd "$(dirname "$0")"

font=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf

# Five lamps along a pavement receding to the right: head x, head y, glow radius (px),
# pole width, pole foot y, and the second it switches on.
lamps=(
  "70 78 26 6 315 1.0"
  "215 117 18 4 283 1.8"
  "320 145 13 3 260 2.5"
  "398 165 9 2 243 3.1"
  "455 180 7 2 231 3.6"
)

# geq expression for the light of every lamp, times one colour channel. A lamp flashes,
# drops, then warms up over 0.6 s like a sodium lamp; its light is a bright core, a wide
# halo, and a pool on the pavement at its foot.
light=""
poles=""
for lamp in "${lamps[@]}"; do
  read -r x y s pw foot t <<<"$lamp"
  on="gte(T,$t)*if(lt(T,$t+0.1),1,if(lt(T,$t+0.22),0.15,clip(0.3+(T-$t-0.22)/0.6,0,1)))"
  d2="((X-$x)*(X-$x)+(Y-$y)*(Y-$y))"
  pool="((X-$x)*(X-$x)/($s*$s*6)+(Y-$foot)*(Y-$foot)/($s*$s*0.3))"
  light+="+$on*(exp(-$d2/(2*$s*$s/9))+0.45*exp(-$d2/(2*$s*$s))+0.12*exp(-$d2/(18*$s*$s))+0.25*exp(-$pool/2))"
  poles+="drawbox=x=$((x - pw / 2)):y=$((y + 3)):w=$pw:h=$((foot - y - 3)):color=0x05060c:t=fill,"
  hood=$(((pw + 1) / 2 + 2))
  poles+="drawbox=x=$((x - pw * 2)):y=$((y - 2 - hood)):w=$((pw * 4)):h=$hood:color=0x0a0b12:t=fill,"
done

# Sky: deep blue at the top to a paler band at the horizon (y 210), with a few static
# stars (2 × 2 px); below it, a dark street. Clipped to 0-255 where the lamps are brightest.
sky="if(lt(Y,210),st(0,Y/210),st(0,-1))"
star="lt(Y,200)*lt(mod(st(1,floor(X/2))*ld(1)*37+st(2,floor(Y/2))*ld(2)*91+ld(1)*ld(2)*13,1543),2)*(0.6+0.4*sin(T*3+X))"
channel() { # base top, base horizon, street, star, lamp colour
  echo "$sky;clip(if(gte(ld(0),0),$1+($2-$1)*ld(0)*ld(0)+$4*$star,$3+4*(Y-210)/150)+$5*(0$light),0,255)"
}
r=$(channel 6 30 10 200 255)
g=$(channel 10 40 12 210 175)
b=$(channel 34 84 24 230 95)

title="drawtext=fontfile=$font:text=Les Veilleurs:fontsize=46:fontcolor=0xfff1dc:x=(w-text_w)/2:y=30:alpha='clip((t-4.6)/1.4,0,1)'"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=black:s=640x360:r=24:d=8,format=gbrp" \
  -f lavfi -i "sine=f=60:d=8:sample_rate=48000" \
  -f lavfi -i "sine=f=120:d=8:sample_rate=48000" \
  -f lavfi -i "anoisesrc=c=brown:a=0.04:d=8:r=48000:seed=7" \
  -filter_complex "
    [0:v]geq=r='$r':g='$g':b='$b',${poles}${title},
      fade=t=in:st=0:d=0.8,fade=t=out:st=7.2:d=0.8,format=yuv420p[v];
    [1:a]volume=0.35[hum];[2:a]volume=0.08[harm];[3:a]lowpass=f=300[air];
    [hum][harm][air]amix=inputs=3:normalize=0,
      afade=t=in:st=0:d=1.5,afade=t=out:st=6.5:d=1.5,aformat=channel_layouts=mono[a]" \
  -map "[v]" -map "[a]" -t 8 \
  -c:v libvpx-vp9 -crf 40 -b:v 0 -row-mt 1 -threads 1 -deadline good -cpu-used 1 \
  -c:a libopus -b:a 40k \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  les-veilleurs-teaser.tmp.webm
mv les-veilleurs-teaser.tmp.webm les-veilleurs-teaser.webm
